/**
 * Optimisers that update parameters in place from their gradients: {@link io.jgrad.autograd.optim.Sgd} and
 * {@link io.jgrad.autograd.optim.Adam}, both as PyTorch computes them.
 */
package io.jgrad.autograd.optim;

/**
 * Layers with PyTorch's names and initialisation ({@link io.jgrad.autograd.nn.Module}, {@link io.jgrad.autograd.nn.Linear},
 * {@link io.jgrad.autograd.nn.Sequential}), and the composed functions a model is built from
 * ({@link io.jgrad.autograd.nn.Functional}: linear, the losses, the reparameterisation trick).
 */
package io.jgrad.autograd.nn;

/**
 * The lecture's models: {@link io.jgrad.examples.vae.model.Vae} and the classic
 * {@link io.jgrad.examples.vae.model.Autoencoder}, with PyTorch's parameter names.
 */
package io.jgrad.examples.vae.model;

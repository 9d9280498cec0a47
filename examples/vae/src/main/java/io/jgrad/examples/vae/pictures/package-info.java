/**
 * The VAE example's pictures, each written as a PNG: {@link io.jgrad.examples.vae.pictures.DigitGrid} (reconstructions,
 * samples, interpolations), {@link io.jgrad.examples.vae.pictures.LossPlot} (train and test loss per epoch) and
 * {@link io.jgrad.examples.vae.pictures.TsnePlot} (the latent means laid out in 2-D by
 * {@link io.jgrad.examples.vae.pictures.Tsne}).
 *
 * <p>Start with {@code Tsne}: exact t-SNE, the one piece of real math here; its gradient is a loop over pairs of points
 * written with the Vector API, the way the fast backend's kernels are.
 * Every writer renders off screen ({@code java.awt.headless=true}) and replaces its file atomically through
 * {@code AtomicFiles}, so a reader never sees half a PNG.
 */
package io.jgrad.examples.vae.pictures;

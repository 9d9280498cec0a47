package io.jgrad.examples.vae.model;

import io.jgrad.autograd.Variable;
import io.jgrad.autograd.nn.Functional;
import io.jgrad.autograd.nn.Linear;
import io.jgrad.autograd.nn.Module;
import io.jgrad.autograd.nn.ReLU;
import io.jgrad.autograd.nn.Sequential;
import io.jgrad.autograd.nn.Sigmoid;
import io.jgrad.core.Backend;
import io.jgrad.core.Rng;
import io.jgrad.core.Tensor;

/**
 * The variational autoencoder of the NYU Deep Learning lecture (notebook 11-VAE), layer for layer (the lecture's
 * sizes: image 784, hidden 400, latent 20):
 * <pre>
 *   encoder: Linear(784, 400) -> ReLU -> Linear(400, 2 * 20)      mu and log-variance, side by side
 *   z = mu + eps * exp(logvar / 2),  eps ~ N(0, I)                 the reparameterisation trick
 *   decoder: Linear(20, 400) -> ReLU -> Linear(400, 784) -> Sigmoid
 *   loss = reconstruction(x_hat, x) + beta * 1/2 sum(exp(logvar) - logvar - 1 + mu^2)
 * </pre>
 * The parameter names are PyTorch's ({@code encoder.0.weight}, ...), so weights move both ways unchanged.
 */
public final class Vae extends Module implements LatentModel {
    private final Sequential encoder;
    private final Sequential decoder;
    private final int latent;
    private final float beta;
    private final Reconstruction reconstruction;

    public Vae(int image, int hidden, int latent, float beta, Reconstruction reconstruction, Rng rng, Backend backend) {
        this.latent = latent;
        this.beta = beta;
        this.reconstruction = reconstruction;
        encoder = child("encoder", new Sequential(
                new Linear(image, hidden, rng, backend), new ReLU(), new Linear(hidden, 2 * latent, rng, backend)));
        decoder = child("decoder", new Sequential(
                new Linear(latent, hidden, rng, backend), new ReLU(), new Linear(hidden, image, rng, backend), new Sigmoid()));
    }

    /** With {@code noise}, eps ~ N(0, I) is drawn from it: {@code [batch, latent]}. */
    @Override
    public Output forward(Variable x, Rng noise) {
        int batch = x.shape().size(0);
        return forwardWithNoise(x, noise == null ? null
                : Tensor.normal(x.value().backend(), noise, 0f, 1f, batch, latent));
    }

    /**
     * One pass with the reparameterisation noise {@code eps [batch, latent]} given, or z = mu when it is null (the
     * form the PyTorch golden test uses, with PyTorch's own eps).
     */
    public Output forwardWithNoise(Variable x, Tensor eps) {
        Variable ml = encoder.forward(x).view(-1, 2, latent);    // [batch, 2, latent]
        Variable mu = ml.select(1, 0);                            // [batch, latent]
        Variable logvar = ml.select(1, 1);                        // [batch, latent]
        Variable z = eps == null ? mu : Functional.reparameterize(mu, logvar, eps);
        return new Output(decoder.forward(z), mu, logvar);       // x_hat: [batch, image]
    }

    @Override
    public Variable loss(Output output, Tensor x) {
        Variable energy = reconstruction.loss(output.xHat(), x);
        return energy.add(Functional.gaussianKl(output.mu(), output.logvar()).mul(beta));
    }

    @Override
    public Variable decode(Variable z) {
        return decoder.forward(z);
    }

    @Override
    public Module module() {
        return this;
    }

    @Override
    public int latent() {
        return latent;
    }
}

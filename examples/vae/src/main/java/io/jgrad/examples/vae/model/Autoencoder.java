package io.jgrad.examples.vae.model;

import io.jgrad.autograd.Variable;
import io.jgrad.autograd.nn.Linear;
import io.jgrad.autograd.nn.Module;
import io.jgrad.autograd.nn.ReLU;
import io.jgrad.autograd.nn.Sequential;
import io.jgrad.autograd.nn.Sigmoid;
import io.jgrad.core.Backend;
import io.jgrad.core.Rng;
import io.jgrad.core.Tensor;

/**
 * The lecture's classic autoencoder, to compare latent spaces with the {@link Vae}: the same layer sizes, but the
 * encoder outputs the code itself (20 numbers in the lecture), nothing is sampled and there is no KL term.
 * <pre>
 *   encoder: Linear(784, 400) -> ReLU -> Linear(400, 20)
 *   decoder: Linear(20, 400) -> ReLU -> Linear(400, 784) -> Sigmoid
 * </pre>
 */
public final class Autoencoder extends Module implements LatentModel {
    private final Sequential encoder;
    private final Sequential decoder;
    private final int latent;
    private final Reconstruction reconstruction;

    public Autoencoder(int image, int hidden, int latent, Reconstruction reconstruction, Rng rng, Backend backend) {
        this.latent = latent;
        this.reconstruction = reconstruction;
        encoder = child("encoder", new Sequential(
                new Linear(image, hidden, rng, backend), new ReLU(), new Linear(hidden, latent, rng, backend)));
        decoder = child("decoder", new Sequential(
                new Linear(latent, hidden, rng, backend), new ReLU(), new Linear(hidden, image, rng, backend), new Sigmoid()));
    }

    /** The code is deterministic, so {@code noise} is ignored; mu is the code itself. */
    @Override
    public Output forward(Variable x, Rng noise) {
        Variable z = encoder.forward(x);                          // [batch, latent]
        return new Output(decoder.forward(z), z, null);
    }

    @Override
    public Variable loss(Output output, Tensor x) {
        return reconstruction.loss(output.xHat(), x);
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

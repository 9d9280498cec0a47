package io.jgrad.examples.vae.model;

import io.jgrad.autograd.Variable;
import io.jgrad.autograd.nn.Module;
import io.jgrad.core.Rng;
import io.jgrad.core.Tensor;

/**
 * An encoder-decoder model with a latent space: the lecture's {@link Vae}, or the classic {@link Autoencoder}
 * it is compared with. The trainer, the evaluation and the pictures only use this interface.
 */
public interface LatentModel {

    /** What one forward pass produces. {@code logvar} is null for a model without a variance. */
    record Output(Variable xHat, Variable mu, Variable logvar) {
    }

    /** The model's parameters and their names (for the state dict and the optimiser). */
    Module module();

    /** The size of the latent code. */
    int latent();

    /**
     * Encodes {@code x [batch, image]} and decodes it again. With {@code noise} (training), a VAE samples
     * z = mu + eps * sigma; without it (evaluation), z = mu.
     */
    Output forward(Variable x, Rng noise);

    /** The training objective for a batch, summed over its images (divide by the batch size for per image). */
    Variable loss(Output output, Tensor x);

    /** Decodes latent codes {@code z [n, latent]} into images {@code [n, image]}. */
    Variable decode(Variable z);
}

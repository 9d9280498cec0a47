package io.jgrad.examples.vae.train;

import io.jgrad.examples.vae.model.Reconstruction;
import java.nio.file.Path;

/**
 * Everything {@code ./vae train} was asked to do. The defaults are the lecture's: 10 epochs, batch 256, latent 20,
 * hidden 400, Adam with lr 1e-3, beta 1, binary cross-entropy.
 */
public record TrainConfig(
        int epochs, int batch, int latent, int hidden, float lr, float beta, Reconstruction loss, String model,
        String optimizer, long seed, int limit, boolean shuffle, Path init, Path out) {

    /** The settings that fix the model's shapes; a checkpoint must match them to be resumed. */
    public String architecture() {
        return "model=" + model + " latent=" + latent + " hidden=" + hidden + " loss=" + loss + " beta=" + beta
                + " optimizer=" + optimizer + " lr=" + lr + " batch=" + batch + " limit=" + limit + " shuffle=" + shuffle
                + " seed=" + seed;
    }
}

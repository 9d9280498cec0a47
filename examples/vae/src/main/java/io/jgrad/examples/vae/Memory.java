package io.jgrad.examples.vae;

import io.jgrad.examples.vae.model.ModelSpec;
import io.jgrad.examples.vae.train.TrainConfig;

/**
 * The heap a training run needs, estimated before it starts, so that a run too large for the JVM stops with one line
 * that says what to change instead of failing later with an {@link OutOfMemoryError}.
 *
 * <p>The estimate adds the data set (one byte a pixel), the parameters with their gradients, Adam's two moments and
 * the checkpoint's copies of all three (six floats a parameter), and one training step's tensors, which the buffer
 * pool keeps: per image about six of the image's width (the input, the decoder's output before and after the
 * sigmoid, the loss terms and two gradients), ten of the hidden width and twenty of the latent width. Measured at
 * batch 256 (MNIST, hidden 400) a step holds about 10 MB, which this matches.
 */
final class Memory {
    /** The JVM's collector needs room beyond what is live; ask for this much more. */
    static final double HEADROOM = 1.5;

    private Memory() {
    }

    /** Bytes a run of {@code config} on {@code images} images needs. */
    static long estimate(TrainConfig config, long images) {
        ModelSpec m = config.model();
        long width = (long) m.image();
        long parameters = 2 * (width * m.hidden() + m.hidden()) + 3L * m.hidden() * m.latent() + 2L * m.latent() + width;
        long perImage = 4 * (6 * width + 10L * m.hidden() + 20L * m.latent());
        return images * width + 24 * parameters + (long) config.batch() * perImage;
    }

    /**
     * Refuses a run that will not fit in this JVM's heap, naming the options that size it and the way to give Java
     * more memory.
     */
    static void check(TrainConfig config, long images) {
        long needed = (long) (HEADROOM * estimate(config, images));
        long available = Runtime.getRuntime().maxMemory();
        if (needed > available) {
            throw new IllegalArgumentException(String.format("--batch %d with --hidden %d needs about %d MB of memory"
                    + " and this JVM may use %d MB: lower --batch or --hidden, or give Java more (JAVA_OPTS=-Xmx%dm"
                    + " ./vae train ...)", config.batch(), config.model().hidden(), needed >> 20, available >> 20,
                    (needed >> 20) + 64));
        }
    }
}

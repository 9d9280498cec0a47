package io.jgrad.examples.vae.train;

import io.jgrad.autograd.Tape;
import io.jgrad.autograd.Variable;
import io.jgrad.core.Backend;
import io.jgrad.core.Tensor;
import io.jgrad.examples.vae.data.MnistSet;
import io.jgrad.examples.vae.model.LatentModel;
import java.util.Arrays;

/** Evaluation passes (nothing recorded, z = mu) and the conversion of byte images into batch tensors. */
public final class Evaluation {
    private Evaluation() {
    }

    /** The mean per-image loss over every image of {@code set}, with z = mu. */
    public static double testLoss(LatentModel model, MnistSet set, int batch, Backend backend) {
        int[] order = identity(set.size());
        float[] buffer = new float[batch * set.imageSize()];
        double total = 0;
        try (Tape.Scope noGrad = Tape.noGrad()) {
            for (int from = 0; from < set.size(); from += batch) {
                int count = Math.min(batch, set.size() - from);
                try (Backend.Scope scope = backend.reuseScope()) {
                    Tensor x = batch(set, order, from, count, buffer, backend);
                    total += model.loss(model.forward(Variable.constant(x), null), x).value().item();
                }
            }
        }
        return total / set.size();
    }

    /** The latent means of the images {@code order[0 .. n-1]}: {@code [n, latent]}. */
    public static Tensor means(LatentModel model, MnistSet set, int[] order, Backend backend) {
        float[] buffer = new float[order.length * set.imageSize()];
        try (Tape.Scope noGrad = Tape.noGrad()) {
            Tensor x = batch(set, order, 0, order.length, buffer, backend);
            return model.forward(Variable.constant(x), null).mu().value().contiguous();
        }
    }

    /** Reconstructions (z = mu) of the images {@code order[0 .. n-1]}: {@code [n, 784]}. */
    public static Tensor reconstruct(LatentModel model, MnistSet set, int[] order, Backend backend) {
        float[] buffer = new float[order.length * set.imageSize()];
        try (Tape.Scope noGrad = Tape.noGrad()) {
            Tensor x = batch(set, order, 0, order.length, buffer, backend);
            return model.forward(Variable.constant(x), null).xHat().value();
        }
    }

    /** Decodes latent codes {@code z [n, latent]} without recording. */
    public static Tensor decode(LatentModel model, Tensor z) {
        try (Tape.Scope noGrad = Tape.noGrad()) {
            return model.decode(Variable.constant(z)).value();
        }
    }

    /** Images {@code order[from .. from+count-1]} as a {@code [count, 784]} tensor of pixels in [0, 1]. */
    public static Tensor batch(MnistSet set, int[] order, int from, int count, float[] buffer, Backend backend) {
        set.copyBatch(order, from, count, buffer);
        int length = count * set.imageSize();
        float[] values = length == buffer.length ? buffer : Arrays.copyOf(buffer, length);
        return Tensor.of(backend, values, count, set.imageSize());
    }

    /** {@code 0, 1, ..., n-1}. */
    public static int[] identity(int n) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        return order;
    }

    /** The index of the first image in {@code set} with {@code label}. */
    public static int firstWithLabel(MnistSet set, int label) {
        for (int i = 0; i < set.size(); i++) {
            if (set.label(i) == label) {
                return i;
            }
        }
        throw new IllegalArgumentException("no image with label " + label + " in the data set");
    }
}

package io.jgrad.examples.vae.train;

import io.jgrad.autograd.Tape;
import io.jgrad.autograd.Variable;
import io.jgrad.core.Backend;
import io.jgrad.core.Tensor;
import io.jgrad.examples.vae.data.Batch;
import io.jgrad.examples.vae.data.MnistSet;
import io.jgrad.examples.vae.model.LatentModel;

/** Evaluation passes: nothing is recorded, and the code is z = mu. */
public final class Evaluation {
    private Evaluation() {
    }

    /** The mean per-image loss over every image of {@code set}, with z = mu. */
    public static double testLoss(LatentModel model, MnistSet set, int batch, Backend backend) {
        double total = 0;
        try (Tape.Scope noGrad = Tape.noGrad()) {
            for (Batch b : set.batches(MnistSet.inOrder(set.size()), batch)) {
                try (Backend.Scope reuse = backend.reuseScope()) {
                    Tensor x = b.images(backend);                                   // [count, image]
                    total += model.loss(model.forward(Variable.constant(x), null), x).value().item();
                }
            }
        }
        return total / set.size();
    }

    /** The latent means of the images {@code order[0 .. n-1]}: {@code [n, latent]}. */
    public static Tensor means(LatentModel model, MnistSet set, int[] order, Backend backend) {
        try (Tape.Scope noGrad = Tape.noGrad()) {
            return model.forward(Variable.constant(set.images(order, backend)), null).mu().value().contiguous();
        }
    }

    /** Reconstructions (z = mu) of the images {@code order[0 .. n-1]}: {@code [n, image]}. */
    public static Tensor reconstruct(LatentModel model, MnistSet set, int[] order, Backend backend) {
        try (Tape.Scope noGrad = Tape.noGrad()) {
            return model.forward(Variable.constant(set.images(order, backend)), null).xHat().value();
        }
    }

    /** Decodes latent codes {@code z [n, latent]} without recording. */
    public static Tensor decode(LatentModel model, Tensor z) {
        try (Tape.Scope noGrad = Tape.noGrad()) {
            return model.decode(Variable.constant(z)).value();
        }
    }
}

package io.jgrad.autograd;

import io.jgrad.core.Shape;

/**
 * Sums and means. Every element of x adds into one output element with weight 1, so the rule hands each
 * element the gradient of the output it went into: g broadcast back to x's shape (a view, no copy).
 */
public final class ReductionOps {
    private ReductionOps() {
    }

    /** y = sum_i x_i.   dy/dx_i = 1. */
    public static Variable sum(Variable x) {
        Shape from = x.shape();
        return Tape.record("sum", x.value().sum(), x, g -> g.expand(from));
    }

    /** y = x summed along {@code axes}.   dL/dx = g, with the summed axes restored as size 1, expanded to x's shape. */
    public static Variable sum(Variable x, boolean keepDim, int... axes) {
        Shape from = x.shape();
        Shape kept = x.value().sum(true, axes).shape();
        return Tape.record("sum", x.value().sum(keepDim, axes), x, g -> g.reshape(kept.sizes()).expand(from));
    }

    /** y = (1/n) sum_i x_i, composed as a sum times a constant. */
    public static Variable mean(Variable x) {
        return sum(x).mul(1f / Math.max(x.value().numel(), 1));
    }

    /** The mean along {@code axes}, composed as a sum times 1/n. */
    public static Variable mean(Variable x, boolean keepDim, int... axes) {
        Variable sum = sum(x, keepDim, axes);
        return sum.mul((float) sum.value().numel() / Math.max(x.value().numel(), 1));
    }
}

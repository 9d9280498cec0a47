package io.jgrad.autograd.nn;

/** How a loss folds its per-element terms into one number, as PyTorch's {@code reduction=} argument. */
public enum Reduction {
    /** The sum of the terms (the lecture's VAE uses this). */
    SUM,
    /** The sum divided by the number of terms. */
    MEAN,
    /** No folding: the terms themselves, one per element. */
    NONE
}

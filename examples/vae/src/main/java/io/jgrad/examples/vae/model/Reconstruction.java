package io.jgrad.examples.vae.model;

import io.jgrad.autograd.Variable;
import io.jgrad.autograd.nn.Functional;
import io.jgrad.autograd.nn.Reduction;
import io.jgrad.core.Tensor;

/** The two reconstruction energies of the lecture, chosen with {@code --loss}. */
public enum Reconstruction {
    /** Binary cross-entropy summed over pixels: the pixels are read as Bernoulli probabilities. */
    BCE {
        public Variable loss(Variable xHat, Tensor x) {
            return Functional.binaryCrossEntropy(xHat, x, Reduction.SUM);
        }
    },
    /** 1/2 ||x - x_hat||^2: a Gaussian decoder with unit variance. */
    MSE {
        public Variable loss(Variable xHat, Tensor x) {
            return Functional.halfSquaredError(xHat, x);
        }
    };

    /** The energy of reconstructing {@code x} as {@code xHat}, summed over the batch. */
    public abstract Variable loss(Variable xHat, Tensor x);
}

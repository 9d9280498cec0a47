package io.jgrad.examples.vae.pictures;

import io.jgrad.core.Backend;
import io.jgrad.core.Rng;
import io.jgrad.core.Tensor;
import java.util.Arrays;

/**
 * Exact t-SNE (van der Maaten and Hinton, 2008): places n points in the plane so that each point's neighbours stay
 * its neighbours. In the input, point i picks neighbour j with probability p_j|i proportional to
 * exp(-|x_i - x_j|^2 / 2 sigma_i^2), sigma_i chosen so that row i has the requested perplexity; in the plane, with
 * q_ij proportional to the Student-t kernel (1 + |y_i - y_j|^2)^-1. Gradient descent on KL(P || Q) moves the y_i.
 *
 * <p>The n x n matrices (distances, kernel, gradient) are tensor ops on the input's backend; the per-point binary
 * search for sigma_i is a plain loop. The optimiser is the reference implementation's: early exaggeration 12 for the
 * first 250 iterations, momentum 0.5 then 0.8, per-coordinate gains (delta-bar-delta), initial y ~ N(0, 1e-4).
 *
 * <p>Invariant: the embedding depends only on the input, the settings and the seed: the same call gives the same
 * numbers on every run.
 *
 * @param perplexity the effective number of neighbours each point keeps (5-50 is usual); less than n - 1
 * @param iterations gradient steps
 * @param learningRate step size: 200 is the classic choice for a few thousand points; for small n it overshoots
 *     during early exaggeration, and {@link #autoLearningRate} scales it with n instead
 * @param seed seeds the initial layout
 */
public record Tsne(double perplexity, int iterations, double learningRate, long seed) {
    public static final double DEFAULT_PERPLEXITY = 30;
    public static final int DEFAULT_ITERATIONS = 1000;
    public static final double DEFAULT_LEARNING_RATE = 200;

    static final float EARLY_EXAGGERATION = 12f;
    static final int EXAGGERATION_ITERATIONS = 250;
    static final float INITIAL_MOMENTUM = 0.5f;
    static final float FINAL_MOMENTUM = 0.8f;
    static final int MOMENTUM_SWITCH = 250;
    static final float MIN_GAIN = 0.01f;
    static final float INITIAL_STD = 1e-2f;

    /** Tolerance, in nats, on each row's entropy, and the most bisection steps the search takes. */
    static final double ENTROPY_TOLERANCE = 1e-5;
    static final int SEARCH_STEPS = 200;

    public Tsne {
        if (!(perplexity >= 1) || iterations < 0 || !(learningRate > 0)) {
            throw new IllegalArgumentException("Tsne: perplexity " + perplexity + " must be at least 1, iterations "
                    + iterations + " not negative, learning rate " + learningRate + " positive");
        }
    }

    /** The standard settings (perplexity 30, 1000 iterations, learning rate 200) with this seed. */
    public static Tsne withSeed(long seed) {
        return new Tsne(DEFAULT_PERPLEXITY, DEFAULT_ITERATIONS, DEFAULT_LEARNING_RATE, seed);
    }

    public Tsne withPerplexity(double value) {
        return new Tsne(value, iterations, learningRate, seed);
    }

    public Tsne withIterations(int value) {
        return new Tsne(perplexity, value, learningRate, seed);
    }

    public Tsne withLearningRate(double value) {
        return new Tsne(perplexity, iterations, value, seed);
    }

    /**
     * n / 12, the learning rate Belkina et al. (2019) tie to the early exaggeration of 12: large enough for big
     * n, small enough that a few dozen points do not fly past one another while the exaggerated attraction acts.
     */
    public static double autoLearningRate(int n) {
        return n / (double) EARLY_EXAGGERATION;
    }

    /** Embeds the rows of {@code x} ({@code [n, d]}) in the plane: {@code [n, 2]}, on x's backend. */
    public Tensor embed(Tensor x) {
        if (x.rank() != 2) {
            throw new IllegalArgumentException("Tsne: expects points as rows of a 2-D tensor [n, d], got " + x.shape());
        }
        int n = x.size(0);
        if (perplexity >= n - 1) {
            throw new IllegalArgumentException("Tsne: perplexity " + perplexity + " needs more than " + (perplexity + 1)
                    + " points, got " + n + "; lower the perplexity");
        }
        Backend backend = x.backend();
        Tensor p = jointProbabilities(x, perplexity);                               // [n, n]
        Tensor exaggerated = p.mul(EARLY_EXAGGERATION);                             // [n, n]
        Tensor offDiagonal = offDiagonalMask(backend, n);                           // [n, n]
        Tensor y = Tensor.normal(new Rng(seed), 0f, INITIAL_STD, n, 2).to(backend); // [n, 2]
        Tensor update = y.zerosLike(y.shape());                                    // [n, 2]
        Tensor gains = y.zerosLike(y.shape()).fillInPlace(1f);                     // [n, 2]
        for (int iteration = 0; iteration < iterations; iteration++) {
            Tensor target = iteration < EXAGGERATION_ITERATIONS ? exaggerated : p;
            Tensor gradient = gradient(target, y, offDiagonal);
            float momentum = iteration < MOMENTUM_SWITCH ? INITIAL_MOMENTUM : FINAL_MOMENTUM;
            // Delta-bar-delta: a coordinate whose gradient disagrees in sign with its last step (it keeps going
            // downhill) speeds up by 0.2; one that agrees (it overshot) slows to 0.8 of its gain.
            Tensor keepsGoing = gradient.gt(0f).ne(update.gt(0f));
            gains = gains.add(0.2f).mulInPlace(keepsGoing)
                    .addInPlace(gains.mul(0.8f).mulInPlace(keepsGoing.neg().addInPlace(1f)))
                    .maximum(MIN_GAIN);
            update.mulInPlace(momentum).subInPlace(gradient.mulInPlace(gains).mulInPlace((float) learningRate));
            y.addInPlace(update);
            y.subInPlace(y.mean(true, 0));
        }
        return y;
    }

    /**
     * dC/dy_i = 4 sum_j (p_ij - q_ij) (y_i - y_j) / (1 + |y_i - y_j|^2), as matrix ops:
     * with K the kernel and W = (P - Q) * K, the gradient is 4 (diag(rowsum W) - W) Y.
     */
    static Tensor gradient(Tensor p, Tensor y, Tensor offDiagonal) {
        Tensor kernel = squaredDistances(y).addInPlace(1f).reciprocal().mulInPlace(offDiagonal); // [n, n], 0 on diagonal
        Tensor q = kernel.div(kernel.sum());                                                     // [n, n], sums to 1
        Tensor w = p.sub(q).mulInPlace(kernel);                                                  // [n, n]
        return y.mul(w.sum(true, 1)).subInPlace(w.matmul(y)).mulInPlace(4f);                   // [n, 2]
    }

    /** |x_i - x_j|^2 = |x_i|^2 + |x_j|^2 - 2 x_i . x_j for every pair of rows: {@code [n, d] -> [n, n]}. */
    static Tensor squaredDistances(Tensor x) {
        Tensor norms = x.square().sum(true, 1); // [n, 1]
        return x.matmul(x.t()).mulInPlace(-2f).addInPlace(norms).addInPlace(norms.t());
    }

    /** 1 off the diagonal, 0 on it: multiplying by it drops each point's pairing with itself. */
    static Tensor offDiagonalMask(Backend backend, int n) {
        float[] mask = new float[n * n];
        Arrays.fill(mask, 1f);
        for (int i = 0; i < n; i++) {
            mask[i * n + i] = 0f;
        }
        return Tensor.of(backend, mask, n, n);
    }

    /**
     * The symmetric joint probabilities p_ij = (p_j|i + p_i|j) / 2n, which sum to 1, on x's backend: {@code [n, n]}.
     */
    static Tensor jointProbabilities(Tensor x, double perplexity) {
        int n = x.size(0);
        float[] distances = squaredDistances(x).toArray();
        float[] conditional = new float[n * n];
        double[] row = new double[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                row[j] = Math.max(distances[i * n + j], 0f); // NOTE: rounding can leave a tiny negative distance
            }
            double[] probabilities = conditionalRow(row, i, perplexity);
            for (int j = 0; j < n; j++) {
                conditional[i * n + j] = (float) probabilities[j];
            }
        }
        Tensor p = Tensor.of(x.backend(), conditional, n, n);
        return p.add(p.t()).mulInPlace(1f / (2f * n));
    }

    /**
     * p_j|i = exp(-beta d_ij) / sum_{k != i} exp(-beta d_ik) with p_i|i = 0, and beta = 1 / 2 sigma_i^2 found by
     * bisection so that the row's entropy H = -sum_j p_j|i ln p_j|i equals ln(perplexity).
     *
     * @param squaredDistances d_ij for j = 0..n-1 (the entry at {@code self} is ignored)
     */
    static double[] conditionalRow(double[] squaredDistances, int self, double perplexity) {
        int n = squaredDistances.length;
        double nearest = Double.POSITIVE_INFINITY;
        for (int j = 0; j < n; j++) {
            if (j != self) {
                nearest = Math.min(nearest, squaredDistances[j]);
            }
        }
        double targetEntropy = Math.log(perplexity);
        double[] p = new double[n];
        double beta = 1;
        double low = 0;
        double high = Double.POSITIVE_INFINITY;
        for (int step = 0; step < SEARCH_STEPS; step++) {
            // NOTE: shifting by the nearest distance leaves p unchanged but keeps the largest term at exp(0) = 1,
            // so the sum cannot underflow to 0 however large beta grows.
            double sum = 0;
            double weightedDistance = 0;
            for (int j = 0; j < n; j++) {
                double shifted = squaredDistances[j] - nearest;
                p[j] = j == self ? 0 : Math.exp(-beta * shifted);
                sum += p[j];
                weightedDistance += p[j] * shifted;
            }
            // H = ln(sum) + beta * E[d - nearest], the entropy of p / sum written without a logarithm per term.
            double entropy = Math.log(sum) + beta * weightedDistance / sum;
            for (int j = 0; j < n; j++) {
                p[j] /= sum;
            }
            if (Math.abs(entropy - targetEntropy) < ENTROPY_TOLERANCE) {
                break;
            }
            if (entropy > targetEntropy) { // too spread out: sharpen (larger beta, smaller sigma)
                low = beta;
                beta = high == Double.POSITIVE_INFINITY ? beta * 2 : (beta + high) / 2;
            } else {
                high = beta;
                beta = (beta + low) / 2;
            }
        }
        return p;
    }
}

package io.jgrad.examples.vae.pictures;

import io.jgrad.core.Rng;
import io.jgrad.core.Tensor;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Exact t-SNE (van der Maaten and Hinton, 2008): places n points in the plane so that each point's neighbours stay
 * its neighbours. In the input, point i picks neighbour j with probability p_j|i proportional to
 * exp(-|x_i - x_j|^2 / 2 sigma_i^2), sigma_i chosen so that row i has the requested perplexity; in the plane, with
 * q_ij proportional to the Student-t kernel (1 + |y_i - y_j|^2)^-1. Gradient descent on KL(P || Q) moves the y_i.
 *
 * <p>P is computed once, with tensor ops for the input's distances and a plain loop for the per-point binary search
 * for sigma_i; each step's gradient is one loop over the pairs, written with the Vector API (see {@link #gradient}),
 * and the update a plain loop over the coordinates. The optimiser is the reference implementation's: early
 * exaggeration 12 for the first 250 iterations, momentum 0.5 then 0.8, per-coordinate gains (delta-bar-delta),
 * initial y ~ N(0, 1e-4).
 *
 * <p>Invariant: the embedding depends only on the input, the settings and the seed: the same call gives the same
 * numbers on every run (on one machine: the sums run in vector lanes, 16 on AVX-512 and 8 on AVX2, so machines
 * with other vector widths round them differently).
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
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;

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
        float[] p = jointProbabilities(x, perplexity).toArray();                    // [n, n]
        float[] start = Tensor.normal(new Rng(seed), 0f, INITIAL_STD, n, 2).toArray();
        float[][] y = new float[2][n];                  // y[c][i]: coordinate c of point i
        for (int i = 0; i < n; i++) {
            y[0][i] = start[2 * i];
            y[1][i] = start[2 * i + 1];
        }
        float[][] gradient = new float[2][n];
        float[][] update = new float[2][n];
        float[][] gains = new float[2][n];
        Arrays.fill(gains[0], 1f);
        Arrays.fill(gains[1], 1f);
        for (int iteration = 0; iteration < iterations; iteration++) {
            gradient(p, iteration < EXAGGERATION_ITERATIONS ? EARLY_EXAGGERATION : 1f, y, gradient);
            float momentum = iteration < MOMENTUM_SWITCH ? INITIAL_MOMENTUM : FINAL_MOMENTUM;
            for (int c = 0; c < 2; c++) {
                double mean = 0;
                for (int i = 0; i < n; i++) {
                    // Delta-bar-delta: a coordinate whose gradient disagrees in sign with its last step (it keeps
                    // going downhill) speeds up by 0.2; one that agrees (it overshot) slows to 0.8 of its gain.
                    boolean keepsGoing = gradient[c][i] > 0 != update[c][i] > 0;
                    gains[c][i] = Math.max(keepsGoing ? gains[c][i] + 0.2f : gains[c][i] * 0.8f, MIN_GAIN);
                    update[c][i] = momentum * update[c][i] - gradient[c][i] * gains[c][i] * (float) learningRate;
                    y[c][i] += update[c][i];
                    mean += y[c][i];
                }
                float shift = (float) (mean / n);   // keep the layout centred on the origin
                for (int i = 0; i < n; i++) {
                    y[c][i] -= shift;
                }
            }
        }
        float[] result = new float[2 * n];
        for (int i = 0; i < n; i++) {
            result[2 * i] = y[0][i];
            result[2 * i + 1] = y[1][i];
        }
        return Tensor.of(x.backend(), result, n, 2);
    }

    /**
     * dC/dy_i = 4 sum_j (a p_ij - q_ij) k_ij (y_i - y_j), with the Student-t kernel k_ij = 1 / (1 + |y_i - y_j|^2),
     * q_ij = k_ij / Z, Z = sum_{i != j} k_ij, and a the early exaggeration (1 after it); into {@code gradient[c][i]}.
     * Two passes over the n^2 pairs: Z, then the sums. (A pair i = i adds nothing to the gradient: its y_i - y_i is
     * 0.)
     *
     * <p>These passes are nearly all of t-SNE's time, so they run 16 pairs at a time (8 on AVX2) with the Vector
     * API: about 14 times faster than the same loop over single floats, which C2 does not vectorise because of the
     * sums. Each row's tail, past the last whole vector, runs as plain Java: read it first, it is the same formula.
     *
     * @param p the joint probabilities, row-major {@code [n, n]}
     * @param exaggeration the factor a on p: {@link #EARLY_EXAGGERATION} in the first iterations, then 1
     * @param y the layout, {@code y[c][i]} coordinate c of point i
     */
    static void gradient(float[] p, float exaggeration, float[][] y, float[][] gradient) {
        int n = y[0].length;
        float[] y0 = y[0];
        float[] y1 = y[1];
        int whole = SPECIES.loopBound(n);
        FloatVector one = FloatVector.broadcast(SPECIES, 1f);
        double z = 0;
        for (int i = 0; i < n; i++) {
            FloatVector sum = FloatVector.zero(SPECIES);
            FloatVector yi0 = FloatVector.broadcast(SPECIES, y0[i]);
            FloatVector yi1 = FloatVector.broadcast(SPECIES, y1[i]);
            int j = 0;
            for (; j < whole; j += SPECIES.length()) {
                FloatVector d0 = yi0.sub(FloatVector.fromArray(SPECIES, y0, j));
                FloatVector d1 = yi1.sub(FloatVector.fromArray(SPECIES, y1, j));
                sum = sum.add(one.div(d0.fma(d0, d1.fma(d1, one))));
            }
            float row = sum.reduceLanes(VectorOperators.ADD);
            for (; j < n; j++) {
                float d0 = y0[i] - y0[j];
                float d1 = y1[i] - y1[j];
                row += 1f / (1f + d0 * d0 + d1 * d1);
            }
            z += row - 1f;                              // less k_ii = 1
        }
        float invZ = (float) (1 / z);
        for (int i = 0; i < n; i++) {
            FloatVector sum0 = FloatVector.zero(SPECIES);
            FloatVector sum1 = FloatVector.zero(SPECIES);
            FloatVector yi0 = FloatVector.broadcast(SPECIES, y0[i]);
            FloatVector yi1 = FloatVector.broadcast(SPECIES, y1[i]);
            int j = 0;
            for (; j < whole; j += SPECIES.length()) {
                FloatVector d0 = yi0.sub(FloatVector.fromArray(SPECIES, y0, j));
                FloatVector d1 = yi1.sub(FloatVector.fromArray(SPECIES, y1, j));
                FloatVector k = one.div(d0.fma(d0, d1.fma(d1, one)));
                FloatVector pij = FloatVector.fromArray(SPECIES, p, i * n + j).mul(exaggeration);
                FloatVector w = pij.sub(k.mul(invZ)).mul(k);
                sum0 = w.fma(d0, sum0);
                sum1 = w.fma(d1, sum1);
            }
            float g0 = sum0.reduceLanes(VectorOperators.ADD);
            float g1 = sum1.reduceLanes(VectorOperators.ADD);
            for (; j < n; j++) {
                float d0 = y0[i] - y0[j];
                float d1 = y1[i] - y1[j];
                float k = 1f / (1f + d0 * d0 + d1 * d1);
                float w = (exaggeration * p[i * n + j] - k * invZ) * k;
                g0 += w * d0;
                g1 += w * d1;
            }
            gradient[0][i] = 4 * g0;
            gradient[1][i] = 4 * g1;
        }
    }

    /** |x_i - x_j|^2 = |x_i|^2 + |x_j|^2 - 2 x_i . x_j for every pair of rows: {@code [n, d] -> [n, n]}. */
    static Tensor squaredDistances(Tensor x) {
        Tensor norms = x.square().sum(true, 1); // [n, 1]
        return x.matmul(x.t()).mulInPlace(-2f).addInPlace(norms).addInPlace(norms.t());
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

package io.jgrad.examples.vae.pictures;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jgrad.core.Rng;
import io.jgrad.core.Tensor;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class TsneTest {

    /** Three Gaussian clusters of 20 points in 10-D, centres 10 apart, unit spread; labels[i] = i % 3. */
    private static Tensor threeClusters(Rng rng) {
        int n = 60;
        int d = 10;
        float[] x = new float[n * d];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < d; k++) {
                float centre = k == i % 3 ? 10f : 0f;
                x[i * d + k] = centre + (float) rng.nextGaussian();
            }
        }
        return Tensor.of(x, n, d);
    }

    /** With 60 points the classic learning rate of 200 overshoots; n / 12 settles within 300 iterations. */
    @Test
    void separatesThreeWellSeparatedClusters() {
        Tsne tsne = Tsne.withSeed(1).withIterations(300).withLearningRate(Tsne.autoLearningRate(60));
        Tensor y = tsne.embed(threeClusters(new Rng(42)));

        float[] points = y.toArray();
        int n = y.size(0);
        int agree = 0;
        for (int i = 0; i < n; i++) {
            int nearest = -1;
            double best = Double.POSITIVE_INFINITY;
            for (int j = 0; j < n; j++) {
                double dx = points[2 * i] - points[2 * j];
                double dy = points[2 * i + 1] - points[2 * j + 1];
                if (j != i && dx * dx + dy * dy < best) {
                    best = dx * dx + dy * dy;
                    nearest = j;
                }
            }
            agree += nearest % 3 == i % 3 ? 1 : 0;
        }
        assertTrue(agree > 0.95 * n, agree + " of " + n + " points have a nearest neighbour from their own cluster");
    }

    @Test
    void theSameSeedGivesTheSameEmbeddingAndAnotherSeedAnotherOne() {
        Tensor x = threeClusters(new Rng(7));
        Tsne tsne = Tsne.withSeed(3).withIterations(40);

        float[] first = tsne.embed(x).toArray();
        assertArrayEquals(first, tsne.embed(x).toArray());
        assertFalse(Arrays.equals(first, Tsne.withSeed(4).withIterations(40).embed(x).toArray()));
    }

    @Test
    void eachConditionalRowHasTheTargetPerplexity() {
        int n = 50;
        Tensor x = Tensor.normal(new Rng(5), 0f, 3f, n, 5);
        float[] distances = Tsne.squaredDistances(x).toArray();
        for (double perplexity : new double[] {5, 30}) {
            for (int i = 0; i < n; i++) {
                double[] row = new double[n];
                for (int j = 0; j < n; j++) {
                    row[j] = Math.max(distances[i * n + j], 0f);
                }
                double[] p = Tsne.conditionalRow(row, i, perplexity);

                double sum = 0;
                double entropy = 0;
                for (double pj : p) {
                    sum += pj;
                    entropy -= pj > 0 ? pj * Math.log(pj) : 0;
                }
                assertEquals(0.0, p[i], "a point never picks itself");
                assertEquals(1.0, sum, 1e-9);
                assertEquals(Math.log(perplexity), entropy, 1e-3, "row " + i + " at perplexity " + perplexity);
            }
        }
    }

    @Test
    void jointProbabilitiesAreSymmetricAndSumToOne() {
        int n = 30;
        float[] p = Tsne.jointProbabilities(Tensor.normal(new Rng(9), 0f, 1f, n, 4), 8).toArray();

        double sum = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                assertEquals(p[i * n + j], p[j * n + i], 1e-9);
                sum += p[i * n + j];
            }
        }
        assertEquals(1.0, sum, 1e-5);
    }

    @Test
    void squaredDistancesAgreeWithThePlainDefinition() {
        Tensor x = Tensor.normal(new Rng(11), 0f, 2f, 6, 3);
        float[] values = x.toArray();
        float[] distances = Tsne.squaredDistances(x).toArray();
        for (int i = 0; i < 6; i++) {
            for (int j = 0; j < 6; j++) {
                double expected = 0;
                for (int k = 0; k < 3; k++) {
                    double diff = values[i * 3 + k] - values[j * 3 + k];
                    expected += diff * diff;
                }
                assertEquals(expected, distances[i * 6 + j], 1e-4);
            }
        }
    }

    /**
     * The gradient, factor 4 included, is the derivative of KL(P || Q) by central differences; with 37 points a row
     * has whole vectors and a tail on every vector width.
     */
    @Test
    void theGradientIsTheDerivativeOfTheKullbackLeiblerDivergence() {
        int n = 37;
        float[] pValues = Tsne.jointProbabilities(Tensor.normal(new Rng(13), 0f, 1f, n, 3), 3).toArray();
        float[] yValues = Tensor.normal(new Rng(17), 0f, 1f, n, 2).toArray();
        float[][] y = new float[2][n];
        for (int i = 0; i < n; i++) {
            y[0][i] = yValues[2 * i];
            y[1][i] = yValues[2 * i + 1];
        }
        float[][] gradient = new float[2][n];
        Tsne.gradient(pValues, 1f, y, gradient);

        double h = 1e-4;
        for (int k = 0; k < yValues.length; k++) {
            double[] plus = toDouble(yValues);
            double[] minus = toDouble(yValues);
            plus[k] += h;
            minus[k] -= h;
            double numeric = (divergence(pValues, plus, n) - divergence(pValues, minus, n)) / (2 * h);
            assertEquals(numeric, gradient[k % 2][k / 2], 1e-4 + 1e-3 * Math.abs(numeric), "coordinate " + k);
        }
    }

    /** KL(P || Q) = sum over i != j of p_ij ln(p_ij / q_ij), q_ij = (1 + |y_i - y_j|^2)^-1 / Z, in double. */
    private static double divergence(float[] p, double[] y, int n) {
        double z = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                z += i == j ? 0 : kernel(y, i, j);
            }
        }
        double kl = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (i != j) {
                    kl += p[i * n + j] * Math.log(p[i * n + j] / (kernel(y, i, j) / z));
                }
            }
        }
        return kl;
    }

    private static double kernel(double[] y, int i, int j) {
        double dx = y[2 * i] - y[2 * j];
        double dy = y[2 * i + 1] - y[2 * j + 1];
        return 1 / (1 + dx * dx + dy * dy);
    }

    private static double[] toDouble(float[] values) {
        double[] result = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            result[i] = values[i];
        }
        return result;
    }

    @Test
    void refusesAPerplexityThatNeedsMorePointsThanThereAre() {
        Tensor x = Tensor.zeros(10, 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Tsne.withSeed(1).embed(x));
        assertTrue(e.getMessage().contains("lower the perplexity"), e.getMessage());
    }
}

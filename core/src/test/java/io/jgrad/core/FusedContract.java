package io.jgrad.core;

import static io.jgrad.core.Properties.forAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.BinaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The backend contract, fused part: every {@link Fused} kernel against its formula in double precision, through the
 * entry points that hand a backend dense tensors of one shape, on strided inputs and on lengths that end in a part
 * of a vector; binary cross-entropy at predictions of exactly 0 and 1; Adam over several steps, in place.
 */
public abstract class FusedContract extends ElementwiseContract {
    record Pair(Strided left, Strided right) {
    }

    /** A pointwise kernel: its entry point, its formula in double precision, and the domain of its operands. */
    enum Pointwise {
        SIGMOID_BACKWARD(Fused::sigmoidBackward, true, false),
        RELU_BACKWARD(Fused::reluBackward, false, false),
        BINARY_CROSS_ENTROPY(Fused::binaryCrossEntropy, true, true),
        BINARY_CROSS_ENTROPY_BACKWARD(Fused::binaryCrossEntropyBackward, true, true);

        final BinaryOperator<Tensor> entry;
        final boolean leftIsProbability;
        final boolean rightIsProbability;

        Pointwise(BinaryOperator<Tensor> entry, boolean leftIsProbability, boolean rightIsProbability) {
            this.entry = entry;
            this.leftIsProbability = leftIsProbability;
            this.rightIsProbability = rightIsProbability;
        }

        double formula(double a, double b) {
            return switch (this) {
                case SIGMOID_BACKWARD -> b * a * (1 - a);
                case RELU_BACKWARD -> a > 0 ? b : 0;
                case BINARY_CROSS_ENTROPY -> -(b * Math.max(Math.log(a), -100) + (1 - b) * Math.max(Math.log(1 - a), -100));
                case BINARY_CROSS_ENTROPY_BACKWARD -> (a - b) / Math.max(a * (1 - a), 1e-12);
            };
        }

        /** Values from [-2, 2) moved into [0.05, 0.95] where the operand is a probability. */
        static float[] domain(boolean probability, float[] values) {
            float[] out = values.clone();
            for (int i = 0; probability && i < out.length; i++) {
                out[i] = 0.05f + 0.9f * (values[i] + 2) / 4;
            }
            return out;
        }
    }

    private void checkPointwise(Pointwise kernel, Strided a, Strided b) {
        Strided left = a.withStorage(Pointwise.domain(kernel.leftIsProbability, a.storage()));
        Strided right = b.withStorage(Pointwise.domain(kernel.rightIsProbability, b.storage()));
        double[] x = left.values();
        double[] y = right.values();
        double[] expected = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            expected[i] = kernel.formula(x[i], y[i]);
        }
        Tensor out = kernel.entry.apply(tensor(left), tensor(right));
        assertEquals(left.shape(), out.shape(), kernel + ": shape");
        assertClose(expected, out.toArray(), TRANSCENDENTAL, kernel.name());
        assertArrayEquals(toFloats(x), tensor(left).toArray(), kernel + " must not write its inputs");
    }

    @Test
    void everyPointwiseFusedKernelMatchesItsFormulaOnStridedInputs() {
        forAll(CASES, rng -> {
            int[] sizes = Generators.shape(rng);
            return new Pair(Generators.strided(rng, sizes), Generators.strided(rng, sizes));
        }, pair -> {
            for (Pointwise kernel : Pointwise.values()) {
                checkPointwise(kernel, pair.left(), pair.right());
            }
        });
    }

    // Vector kernels run whole vectors and leave the rest to a tail: every length up to a few vectors, and 600,
    // which crosses the 256-element chunks that binary cross-entropy takes its logarithms in.
    @Test
    void everyPointwiseFusedKernelMatchesItsFormulaAtEveryLengthAroundTheVectorWidth() {
        Rng rng = new Rng(5);
        for (int n : new int[] {1, 2, 3, 7, 8, 9, 15, 16, 17, 31, 33, 47, 64, 65, 600}) {
            for (Pointwise kernel : Pointwise.values()) {
                checkPointwise(kernel, Generators.strided(rng, n), Generators.strided(rng, n));
            }
        }
    }

    // The summed loss: lengths that end in part of a vector, and ones past the fast backend's blocks of 4096 and its
    // split between threads; the sum of the formula's terms in double, within float rounding of a long sum.
    @Test
    void binaryCrossEntropySumIsTheSumOfItsTermsWithoutWritingThem() {
        Rng rng = new Rng(13);
        for (int n : new int[] {1, 7, 16, 17, 600, 4096 + 33, 3 * 65536 + 5}) {
            float[] p = Pointwise.domain(true, Generators.values(rng, n, -2f, 2f));
            float[] t = Pointwise.domain(true, Generators.values(rng, n, -2f, 2f));
            double expected = 0;
            for (int i = 0; i < n; i++) {
                expected += Pointwise.BINARY_CROSS_ENTROPY.formula(p[i], t[i]);
            }
            Tensor sum = Fused.binaryCrossEntropySum(tensor(p, n), tensor(t, n));
            assertEquals(0, sum.rank(), "a rank-0 tensor");
            assertEquals(expected, sum.item(), 1e-5 * expected, "sum of " + n + " terms");
            assertArrayEquals(p, tensor(p, n).toArray(), "inputs unchanged");
        }
        assertThrows(IllegalArgumentException.class,
                () -> Fused.binaryCrossEntropySum(tensor(new float[6], 2, 3), tensor(new float[6], 3, 2)));
    }

    @Test
    void binaryCrossEntropyOfPredictionsOfExactlyZeroAndOneIsClampedAtMinus100() {
        int n = 600;
        float[] p = new float[n];
        float[] t = new float[n];
        for (int i = 0; i < n; i++) {
            p[i] = i % 2 == 0 ? 0f : 1f;
            t[i] = i % 4 < 2 ? 0.25f : 1f;
        }
        float[] loss = Fused.binaryCrossEntropy(tensor(p, n), tensor(t, n)).toArray();
        for (int i = 0; i < n; i++) {
            // p = 0: -(t (-100) + (1 - t) ln 1) = 100 t;   p = 1: -(t ln 1 + (1 - t)(-100)) = 100 (1 - t)
            float expected = p[i] == 0f ? 100f * t[i] : 100f * (1f - t[i]);
            assertEquals(expected, loss[i], 1e-4f, "BCE(p=" + p[i] + ", t=" + t[i] + ")");
        }
        float[] gradient = Fused.binaryCrossEntropyBackward(tensor(p, n), tensor(t, n)).toArray();
        for (int i = 0; i < n; i++) {
            assertTrue(Float.isFinite(gradient[i]), "the gradient stays finite at p = " + p[i]);
        }
    }

    @Test
    void adamStepsMatchTheFormulaComputedInDoubleAndWriteInPlace() {
        Rng rng = new Rng(9);
        int n = 3 * 37;
        double[][] state = new double[3][n];          // p, m, v
        float[] p0 = Generators.values(rng, n, -1f, 1f);
        Tensor p = tensor(p0, 3, 37);
        Tensor m = tensor(new float[n], 3, 37);
        Tensor v = tensor(new float[n], 3, 37);
        for (int i = 0; i < n; i++) {
            state[0][i] = p0[i];
        }
        float beta1 = 0.9f;
        float beta2 = 0.999f;
        float eps = 1e-8f;
        for (int step = 1; step <= 3; step++) {
            float[] g = Generators.values(rng, n, -1f, 1f);
            float stepSize = (float) (1e-2 / (1 - Math.pow(beta1, step)));
            float biasRoot = (float) Math.sqrt(1 - Math.pow(beta2, step));
            Fused.adamStep(p, tensor(g, 3, 37), m, v, beta1, beta2, eps, stepSize, biasRoot);
            for (int i = 0; i < n; i++) {
                state[1][i] = beta1 * state[1][i] + (1 - beta1) * g[i];
                state[2][i] = beta2 * state[2][i] + (1 - beta2) * g[i] * g[i];
                state[0][i] -= state[1][i] / (Math.sqrt(state[2][i]) / biasRoot + eps) * stepSize;
            }
        }
        assertClose(state[0], p.toArray(), REL, "p after three Adam steps");
        assertClose(state[1], m.toArray(), REL, "m after three Adam steps");
        assertClose(state[2], v.toArray(), REL, "v after three Adam steps");
    }

    @Test
    void adamOnAParameterThatIsNotDenseUpdatesItsOwnElements() {
        Rng rng = new Rng(13);
        float[] values = Generators.values(rng, 35, -1f, 1f);
        float[] g = Generators.values(rng, 35, -1f, 1f);
        Tensor dense = tensor(values, 5, 7);
        Tensor transposed = tensor(values, 5, 7).t().contiguous().t();    // the same values, column-major
        for (Tensor p : new Tensor[] {dense, transposed}) {
            Fused.adamStep(p, tensor(g, 5, 7), tensor(new float[35], 5, 7), tensor(new float[35], 5, 7),
                    0.9f, 0.999f, 1e-8f, 0.1f, 0.5f);
        }
        assertArrayEquals(dense.toArray(), transposed.toArray());
    }

    @Test
    void aFusedKernelOfTwoShapesIsAnErrorNamingBoth() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Fused.sigmoidBackward(tensor(new float[6], 2, 3), tensor(new float[6], 3, 2)));
        assertTrue(e.getMessage().contains("sigmoid_backward") && e.getMessage().contains("[2, 3]")
                && e.getMessage().contains("[3, 2]"), e.getMessage());
    }
}

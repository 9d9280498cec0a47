package io.jgrad.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.jgrad.core.Rng;
import io.jgrad.core.Shape;
import io.jgrad.core.Tensor;

/**
 * Checks a function's tape gradient against central differences:
 * dL/dx_j ~ (L(x + h e_j) - L(x - h e_j)) / 2h, one input element at a time.
 *
 * <p>L is a weighted sum of all outputs, L = sum_k w_k y_k, with weights drawn once from a fixed seed so that no
 * two outputs share a weight: a rule that swaps or mis-places two output elements then changes the answer, which
 * a plain sum would not notice. The tape receives the same weights as its seed gradient, so only {@code f}'s own
 * rules are under test, not those of a mul-and-sum appended to it.
 *
 * <p>NOTE on numerics: the ops compute in float32, so the step is large (h = 1e-2) and the difference quotient is
 * formed in double from the float values actually stored (x + h rounds). Truncation error is h^2/6 f''' ~ 2e-5,
 * float rounding of L about 1e-7 |L| / h; hence abs 1e-3 plus rel 1e-2. Inputs must stay h away from kinks
 * (relu, abs, clamp) and from poles (log, div): see {@link #awayFrom}.
 */
public final class GradCheck {
    /** The function under test, of one or more variables. */
    @FunctionalInterface
    public interface Fn {
        Variable apply(Variable... xs);
    }

    public static final double STEP = 1e-2;
    static final double ABSOLUTE = 1e-3;
    static final double RELATIVE = 1e-2;

    private GradCheck() {
    }

    /**
     * Checks every input's gradient. Inputs may be any views (transposed, narrowed, offset) but must not overlap
     * themselves or each other, since each element is perturbed on its own.
     */
    public static void check(String name, Fn f, Tensor... inputs) {
        Variable[] xs = new Variable[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            for (int axis = 0; axis < inputs[i].rank(); axis++) {
                assertTrue(inputs[i].size(axis) == 1 || inputs[i].layout().stride(axis) != 0,
                        name + ": input " + i + " is broadcast (stride 0); perturbing one element would move several");
            }
            xs[i] = Variable.leaf(inputs[i]);
        }
        Variable y;
        float[] weights;
        try (Tape tape = Tape.open()) {
            y = f.apply(xs);
            assertTrue(y.requiresGrad(), name + ": the output was not recorded on the tape");
            weights = distinctWeights(y.shape().numel());
            tape.backward(y, Tensor.of(weights, y.shape().sizes()));
        }
        for (int i = 0; i < inputs.length; i++) {
            Tensor grad = xs[i].grad();
            assertNotNull(grad, name + ": input " + i + " received no gradient");
            assertEquals(inputs[i].shape(), grad.shape(), name + ": gradient " + i + " must have its input's shape");
            compare(name, i, f, inputs, weights, grad.toArray());
        }
    }

    private static void compare(String name, int i, Fn f, Tensor[] inputs, float[] weights, float[] analytic) {
        Tensor x = inputs[i];
        for (int flat = 0; flat < x.numel(); flat++) {
            int[] index = unravel(flat, x.shape());
            float original = x.get(index);
            float up = (float) (original + STEP);
            float down = (float) (original - STEP);
            x.set(up, index);
            double plus = weightedSum(f, inputs, weights);
            x.set(down, index);
            double minus = weightedSum(f, inputs, weights);
            x.set(original, index);
            double numeric = (plus - minus) / ((double) up - down);
            double error = Math.abs(analytic[flat] - numeric);
            if (!(error <= ABSOLUTE + RELATIVE * Math.abs(numeric))) {
                fail(String.format("%s: d/d input %d at %s: tape %.6g, central difference %.6g (error %.3g)",
                        name, i, java.util.Arrays.toString(index), analytic[flat], numeric, error));
            }
        }
    }

    /** L = sum_k w_k y_k in double, with nothing recorded. */
    private static double weightedSum(Fn f, Tensor[] inputs, float[] weights) {
        Variable[] constants = new Variable[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            constants[i] = Variable.constant(inputs[i]);
        }
        float[] y = f.apply(constants).value().toArray();
        double sum = 0;
        for (int k = 0; k < y.length; k++) {
            sum += (double) weights[k] * y[k];
        }
        return sum;
    }

    /** Weights +-(1..n)/n in a seeded random order and with random signs: all distinct, none zero. */
    static float[] distinctWeights(int n) {
        Rng rng = new Rng(20240601L);
        int[] order = rng.permutation(n);
        float[] w = new float[n];
        for (int k = 0; k < n; k++) {
            w[k] = (order[k] + 1f) / n * (rng.nextBoolean() ? 1 : -1);
        }
        return w;
    }

    private static int[] unravel(int flat, Shape shape) {
        int[] index = new int[shape.rank()];
        for (int axis = shape.rank() - 1; axis >= 0; axis--) {
            index[axis] = flat % shape.size(axis);
            flat /= shape.size(axis);
        }
        return index;
    }

    // ---- inputs -------------------------------------------------------------------------------------------------

    /** A contiguous tensor uniform in [low, high), from {@code seed}. */
    public static Tensor uniform(long seed, double low, double high, int... shape) {
        return Tensor.uniform(new Rng(seed), (float) low, (float) high, shape);
    }

    /** The same values laid out with the last two axes swapped in memory (column-major): a transposed view. */
    public static Tensor transposed(Tensor t) {
        return t.transpose(-1, -2).copy().transpose(-1, -2);
    }

    /** The same values as a narrowed view of a wider tensor: an offset and a row stride larger than the row. */
    public static Tensor narrowed(Tensor t) {
        int[] sizes = t.shape().sizes();
        sizes[sizes.length - 1] += 3;
        Tensor wide = Tensor.full(Float.NaN, sizes);
        Tensor view = wide.narrow(-1, 1, t.size(-1));
        view.copyInPlace(t);
        return view;
    }

    /** {@code t} with every value closer than {@code margin} to one of {@code points} pushed out to that margin. */
    public static Tensor awayFrom(Tensor t, double margin, double... points) {
        float[] values = t.toArray();
        for (int k = 0; k < values.length; k++) {
            for (double p : points) {
                if (Math.abs(values[k] - p) < margin) {
                    values[k] = (float) (p + (values[k] >= p ? margin : -margin));
                }
            }
        }
        return Tensor.of(values, t.shape().sizes());
    }
}

package io.jgrad.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.jgrad.core.Tensor;
import java.util.Arrays;

/**
 * Comparison with PyTorch's values: |actual - expected| <= 1e-5 |expected| + 1e-6 for every element. The relative
 * part covers float32 rounding that differs with summation order; the absolute part covers gradient elements near
 * 1e-4, where a few ulps of a larger intermediate are a large relative error. A failure names the worst element.
 */
public final class GoldenAssertions {
    public static final double RELATIVE = 1e-5;
    public static final double ABSOLUTE = 1e-6;

    private GoldenAssertions() {
    }

    /** Asserts that {@code actual} matches {@code expected} in shape and, elementwise, within the tolerance. */
    public static void assertClose(Tensor expected, Tensor actual, String name) {
        assertEquals(expected.shape(), actual.shape(), name + ": shape");
        float[] e = expected.toArray();
        float[] a = actual.toArray();
        int worst = -1;
        double worstRatio = 0;
        for (int i = 0; i < e.length; i++) {
            double error = Math.abs((double) a[i] - e[i]);
            double ratio = error / (RELATIVE * Math.abs(e[i]) + ABSOLUTE);
            if (Double.isNaN(ratio) || ratio > worstRatio) {
                worstRatio = Double.isNaN(ratio) ? Double.POSITIVE_INFINITY : ratio;
                worst = i;
            }
        }
        if (worstRatio > 1) {
            fail(String.format("%s: worst element %s of shape %s: expected %.9g, got %.9g (relative error %.3g); "
                            + "%d of %d elements off", name, Arrays.toString(unravel(worst, expected)), expected.shape(),
                    e[worst], a[worst], Math.abs((double) a[worst] - e[worst]) / Math.abs(e[worst]),
                    countOff(e, a), e.length));
        }
    }

    /** Convenience for scalars such as losses. */
    public static void assertClose(Tensor expected, Variable actual, String name) {
        assertClose(expected, actual.value(), name);
    }

    private static long countOff(float[] e, float[] a) {
        long off = 0;
        for (int i = 0; i < e.length; i++) {
            if (!(Math.abs((double) a[i] - e[i]) <= RELATIVE * Math.abs(e[i]) + ABSOLUTE)) {
                off++;
            }
        }
        return off;
    }

    private static int[] unravel(int flat, Tensor t) {
        int[] index = new int[t.rank()];
        for (int axis = t.rank() - 1; axis >= 0; axis--) {
            index[axis] = flat % t.size(axis);
            flat /= t.size(axis);
        }
        return index;
    }
}

package io.jgrad.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.jgrad.core.Rng;
import io.jgrad.core.Tensor;
import io.jgrad.core.reference.ReferenceBackend;
import java.util.function.BinaryOperator;
import java.util.function.UnaryOperator;

/**
 * One tensor twice: on the reference backend (the oracle) and on a {@link CudaBackend}, holding the same values
 * through the same view. Every check applies one operation to both twins and compares.
 */
record Twin(Tensor reference, Tensor cuda) {

    static Twin of(CudaBackend backend, float[] values, int... shape) {
        return new Twin(Tensor.of(ReferenceBackend.INSTANCE, values, shape), Tensor.of(backend, values, shape));
    }

    /** Independent draws, uniform in [low, high), from a seeded generator. */
    static Twin random(CudaBackend backend, long seed, float low, float high, int... shape) {
        return of(backend, new Rng(seed).uniform(numel(shape), low, high), shape);
    }

    /** Whole numbers drawn uniformly from low..high, so that comparisons meet equal values. */
    static Twin integers(CudaBackend backend, long seed, int low, int high, int... shape) {
        float[] values = new Rng(seed).uniform(numel(shape), low, high + 1);
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) Math.floor(values[i]);
        }
        return of(backend, values, shape);
    }

    private static int numel(int[] shape) {
        int n = 1;
        for (int size : shape) {
            n *= size;
        }
        return n;
    }

    /** The same view, or the same op, on both twins. */
    Twin map(UnaryOperator<Tensor> f) {
        return new Twin(f.apply(reference), f.apply(cuda));
    }

    Twin zip(Twin other, BinaryOperator<Tensor> f) {
        return new Twin(f.apply(reference, other.reference), f.apply(cuda, other.cuda));
    }

    /** Shapes equal; values within {@code abs + rel * max(|expected|, |actual|)}; NaN only where the oracle has NaN. */
    void assertClose(double rel, double abs, String what) {
        assertEquals(reference.shape(), cuda.shape(), what + ": shape");
        assertClose(reference.toArray(), cuda.toArray(), rel, abs, what);
    }

    /** Bit-for-bit the same floats (NaN matches any NaN). */
    void assertSame(String what) {
        assertClose(0, 0, what);
    }

    static void assertClose(float[] expected, float[] actual, double rel, double abs, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        for (int i = 0; i < expected.length; i++) {
            float e = expected[i];
            float a = actual[i];
            boolean ok;
            if (Float.isNaN(e)) {
                ok = Float.isNaN(a);
            } else if (rel == 0 && abs == 0) {
                ok = Float.compare(e, a) == 0;  // bitwise: tells -0 from +0
            } else {
                ok = e == a || Math.abs(e - a) <= abs + rel * Math.max(Math.abs(e), Math.abs(a));
            }
            if (!ok) {
                fail(what + ": element " + i + " is " + a + ", the reference says " + e);
            }
        }
    }

    /** Frees the CUDA twin's storage now (tests that count allocations close what they make). */
    void close() {
        ((CudaStorage) cuda.storage()).close();
    }
}

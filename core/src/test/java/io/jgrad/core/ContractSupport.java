package io.jgrad.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The root of the backend contract: what a backend's test supplies ({@link #backend()}) and the helpers every
 * part of the contract uses. The contract is one suite split over a chain of abstract classes only to keep each
 * file readable; a backend's test extends the last link, {@link BackendContract}.
 *
 * <p>Every expected value is computed in the test, in double precision, from the input values and naive index
 * arithmetic ({@link Naive}, {@link Strided}); no backend computes an expected value, not even the reference one.
 */
public abstract class ContractSupport {
    /** Random cases per property: each case runs kernels (on a GPU, launches), so fewer than for layouts. */
    protected static final int CASES = 50;

    /** Relative tolerance for float arithmetic: a few roundings of 2^-24 each, with room for a different order. */
    protected static final double REL = 1e-5;

    /** Relative tolerance for exp, log, pow, tanh and sigmoid, which fast backends may approximate. */
    protected static final double TRANSCENDENTAL = 1e-4;

    /** Absolute slack added to every tolerance, for results near zero. */
    protected static final double ABS = 1e-6;

    /** The backend under test: every tensor of the contract is created on it. */
    protected abstract Backend backend();

    protected Tensor tensor(float[] values, int... shape) {
        return Tensor.of(backend(), values, shape);
    }

    protected Tensor tensor(Strided recipe) {
        return recipe.tensor(backend());
    }

    protected Tensor tensor(Generators.Expanded input) {
        return input.tensor(backend());
    }

    /** All of the storage under {@code x}, in position order, read back through the backend. */
    protected static float[] storageOf(Tensor x) {
        return new Tensor(x.storage(), Layout.contiguous(Shape.of(x.storage().length())), x.backend()).toArray();
    }

    /** A new value for the element at row-major number {@code flat} of a view, given its old value. */
    @FunctionalInterface
    protected interface Update {
        double at(int flat, double old);
    }

    /**
     * What the whole storage under {@code destination} must hold after an in-place op: {@code update} applied at
     * each of the view's positions, every other position untouched.
     */
    protected static double[] storageAfter(Strided destination, Update update) {
        double[] storage = Naive.widen(destination.storage());
        int[] index = new int[destination.sizes().length];
        for (int i = 0; i < destination.numel(); i++) {
            int position = destination.position(index);
            storage[position] = update.at(i, destination.storage()[position]);
            Naive.next(index, destination.sizes());
        }
        return storage;
    }

    /** Shorthand for the expected shape of a result. */
    protected static void assertShape(Tensor t, int... sizes) {
        assertEquals(Shape.of(sizes), t.shape(), "shape");
    }

    /** {@code |actual - expected| <= rel * |expected| + ABS} everywhere. */
    protected static void assertClose(double[] expected, float[] actual, double rel, String what) {
        double[] scale = new double[expected.length];
        for (int i = 0; i < scale.length; i++) {
            scale[i] = Math.abs(expected[i]);
        }
        assertClose(expected, scale, actual, rel, what);
    }

    /**
     * {@code |actual - expected| <= rel * scale + ABS} everywhere, where {@code scale} is the size of what was
     * added up to get the expected value (the sum of |terms| for a sum or a dot product), since float rounding
     * errors grow with the terms, not with a result that cancels to near zero. NaN must meet NaN and infinity
     * the same infinity.
     */
    protected static void assertClose(double[] expected, double[] scale, float[] actual, double rel, String what) {
        assertEquals(expected.length, actual.length, what + ": number of elements");
        for (int i = 0; i < expected.length; i++) {
            double tolerance = rel * scale[i] + ABS;
            boolean close = Double.isNaN(expected[i]) ? Float.isNaN(actual[i])
                    : Double.isInfinite(expected[i]) ? expected[i] == actual[i]
                    : Math.abs(actual[i] - expected[i]) <= tolerance;
            if (!close) {
                fail(what + ": at flat index " + i + " expected " + expected[i] + " but got " + actual[i]
                        + " (tolerance " + (float) tolerance + ")");
            }
        }
    }

    /** The values as floats, for results that must be exact. */
    protected static float[] toFloats(double[] values) {
        float[] out = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (float) values[i];
        }
        return out;
    }
}

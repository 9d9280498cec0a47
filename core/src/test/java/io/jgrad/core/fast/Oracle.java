package io.jgrad.core.fast;

import static org.junit.jupiter.api.Assertions.fail;

import io.jgrad.core.HeapStorage;
import io.jgrad.core.Layout;
import io.jgrad.core.Rng;
import io.jgrad.core.Shape;
import io.jgrad.core.Tensor;
import io.jgrad.core.reference.ReferenceBackend;
import java.util.Arrays;
import java.util.function.IntToDoubleFunction;

/**
 * Test support for comparing {@link FastBackend} with the reference oracle: random seeded layouts (permuted in
 * memory, narrowed out of a larger storage, some axes broadcast with stride 0), twin tensors over identical copies
 * of the same storage, and a storage-wide comparison that also catches writes outside an output view.
 */
final class Oracle {
    /** Sizes that land on, just under and just over multiples of the vector length (4, 8 or 16 lanes). */
    private static final int[] SIZES = {1, 2, 3, 7, 8, 9, 15, 16, 17, 33};

    private Oracle() {
    }

    /** The same storage contents and layout twice: once on the reference backend and once on the fast one. */
    record Twin(Tensor reference, Tensor fast) {
        Layout layout() {
            return fast.layout();
        }

        float[] referenceStorage() {
            return ((HeapStorage) reference.storage()).data();
        }

        float[] fastStorage() {
            return ((HeapStorage) fast.storage()).data();
        }
    }

    static Twin twin(float[] storage, Layout layout) {
        return new Twin(new Tensor(new HeapStorage(storage.clone()), layout, ReferenceBackend.INSTANCE),
                new Tensor(new HeapStorage(storage.clone()), layout, FastBackend.INSTANCE));
    }

    /** A shape of rank 1 to 4 with at most {@code maxNumel} elements; rank 1 and 2 sometimes get a 257. */
    static int[] randomShape(Rng rng, int maxNumel) {
        while (true) {
            int rank = 1 + rng.nextInt(4);
            int[] shape = new int[rank];
            for (int axis = 0; axis < rank; axis++) {
                shape[axis] = rank <= 2 && rng.nextInt(6) == 0 ? 257 : SIZES[rng.nextInt(SIZES.length)];
            }
            if (Shape.of(shape).numel() <= maxNumel) {
                return shape;
            }
        }
    }

    /**
     * A view of {@code shape}: its axes laid out in a random memory order, narrowed from a storage up to two larger
     * along each axis (or dense), and, when {@code broadcast}, some axes (or, now and then, all) expanded from size 1.
     */
    static Layout randomLayout(Rng rng, int[] shape, boolean broadcast) {
        Shape target = Shape.of(shape);
        if (broadcast && rng.nextInt(8) == 0) {
            return Layout.of(Shape.of(), new int[0], rng.nextInt(3)).expand(target);
        }
        int rank = shape.length;
        int[] perm = rng.permutation(rank);
        boolean pad = rng.nextBoolean();
        int[] need = new int[rank];
        int[] base = new int[rank];
        for (int m = 0; m < rank; m++) {
            int axis = perm[m];
            need[m] = broadcast && shape[axis] > 1 && rng.nextInt(3) == 0 ? 1 : shape[axis];
            base[m] = need[m] + (pad ? rng.nextInt(3) : 0);
        }
        Layout layout = Layout.contiguous(Shape.of(base));
        for (int m = 0; m < rank; m++) {
            layout = layout.narrow(m, rng.nextInt(base[m] - need[m] + 1), need[m]);
        }
        int[] inverse = new int[rank];
        for (int m = 0; m < rank; m++) {
            inverse[perm[m]] = m;
        }
        return layout.permute(inverse).expand(target);
    }

    /** Twin tensors with a random layout over a storage of values uniform in {@code [low, high)}. */
    static Twin randomTensor(Rng rng, int[] shape, boolean broadcast, float low, float high) {
        Layout layout = randomLayout(rng, shape, broadcast);
        return twin(rng.uniform(layout.extent() + rng.nextInt(3), low, high), layout);
    }

    /** Every storage position is bit-identical (NaNs of any payload count as equal). */
    static void assertExact(Twin out, String what) {
        assertClose(out, i -> 0, what);
    }

    /** Inside the view, each element within {@code 2e-6} relative; everywhere else, untouched (bit-identical). */
    static void assertRelative(Twin out, String what) {
        float[] expected = out.referenceStorage();
        assertClose(out, i -> 2e-6 * Math.abs(expected[out.layout().positionOf(i)]) + Float.MIN_NORMAL, what);
    }

    /** Element {@code i} of the view within {@code tolerance(i)}; positions outside the view bit-identical. */
    static void assertClose(Twin out, IntToDoubleFunction tolerance, String what) {
        float[] expected = out.referenceStorage();
        float[] actual = out.fastStorage();
        boolean[] inView = new boolean[expected.length];
        for (int i = 0; i < out.fast().numel(); i++) {
            int at = out.layout().positionOf(i);
            inView[at] = true;
            check(expected[at], actual[at], tolerance.applyAsDouble(i), what, i, out);
        }
        for (int at = 0; at < expected.length; at++) {
            if (!inView[at]) {
                check(expected[at], actual[at], 0, what + " (outside the view)", at, out);
            }
        }
    }

    private static void check(float expected, float actual, double tolerance, String what, int index, Twin out) {
        boolean same = Float.floatToIntBits(expected) == Float.floatToIntBits(actual)
                || Float.isNaN(expected) && Float.isNaN(actual)
                || tolerance > 0 && Math.abs(expected - actual) <= tolerance;
        if (!same) {
            fail(what + ": element " + index + " is " + actual + " but the reference gives " + expected
                    + " (tolerance " + tolerance + ") in " + out.layout() + ", shape " + out.fast().shape()
                    + ", reference values " + Arrays.toString(Arrays.copyOf(out.reference().toArray(), 8)) + "...");
        }
    }
}

package io.jgrad.core.fast;

import static io.jgrad.core.fast.Oracle.assertClose;
import static io.jgrad.core.fast.Oracle.assertExact;
import static io.jgrad.core.fast.Oracle.randomLayout;
import static io.jgrad.core.fast.Oracle.randomShape;
import static io.jgrad.core.fast.Oracle.randomTensor;
import static io.jgrad.core.fast.Oracle.twin;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.jgrad.core.HeapStorage;
import io.jgrad.core.Layout;
import io.jgrad.core.ReduceOp;
import io.jgrad.core.Rng;
import io.jgrad.core.Shape;
import io.jgrad.core.Tensor;
import io.jgrad.core.UnaryOp;
import io.jgrad.core.fast.Oracle.Twin;
import io.jgrad.core.reference.ReferenceBackend;
import org.junit.jupiter.api.Test;

/**
 * Reductions, argmax and matmul of the fast backend against the reference oracle. Sums are compared within a
 * tolerance scaled by the sum of absolute values (the two backends add in different orders); max, argmax and
 * everything outside an output view must match bit for bit.
 */
class FastBackendReductionTest {
    private static final FastBackend FAST = FastBackend.INSTANCE;
    private static final ReferenceBackend REFERENCE = ReferenceBackend.INSTANCE;

    @Test
    void sumAndMaxOverEverySubsetOfAxesMatchTheReference() {
        Rng rng = new Rng(10);
        for (int trial = 0; trial < 60; trial++) {
            int[] shape = randomShape(rng, 8000);
            Twin x = randomTensor(rng, shape, true, -1f, 1f);
            for (int subset = 0; subset < 1 << shape.length; subset++) {
                int[] reduced = shape.clone();
                for (int axis = 0; axis < shape.length; axis++) {
                    if ((subset >> axis & 1) != 0) {
                        reduced[axis] = 1;
                    }
                }
                for (ReduceOp op : ReduceOp.values()) {
                    Twin out = randomTensor(rng, reduced, false, -1f, 1f);
                    REFERENCE.reduce(op, x.reference(), out.reference());
                    FAST.reduce(op, x.fast(), out.fast());
                    String what = op + " of " + x.layout() + " into " + out.layout();
                    if (op == ReduceOp.MAX) {
                        assertExact(out, what);
                    } else {
                        float[] bound = sumOfAbsoluteValues(x.reference(), reduced);
                        assertClose(out, i -> 1e-5 * bound[i] + 1e-6, what);
                    }
                }
            }
        }
    }

    @Test
    void theVaeReductionsMatchAndGiveTheSameBitsOnEveryCall() {
        Rng rng = new Rng(11);
        int[][][] cases = {{{256, 784}, {256, 1}}, {{256, 400}, {1, 400}}, {{256, 784}, {1, 1}}, {{256, 20}, {256, 1}}};
        for (int[][] shapes : cases) {
            Twin x = twin(rng.uniform(Shape.of(shapes[0]).numel(), -1f, 1f), Layout.contiguous(Shape.of(shapes[0])));
            for (ReduceOp op : ReduceOp.values()) {
                Twin out = twin(new float[Shape.of(shapes[1]).numel()], Layout.contiguous(Shape.of(shapes[1])));
                REFERENCE.reduce(op, x.reference(), out.reference());
                FAST.reduce(op, x.fast(), out.fast());
                float[] bound = sumOfAbsoluteValues(x.reference(), shapes[1]);
                assertClose(out, i -> 1e-5 * bound[i] + 1e-6, op + " of " + Shape.of(shapes[0]) + " to " + Shape.of(shapes[1]));
                float[] first = out.fastStorage().clone();
                for (int call = 0; call < 300; call++) {
                    FAST.reduce(op, x.fast(), out.fast());
                    assertArrayEquals(first, out.fastStorage(), op + " changed its bits on call " + call);
                }
            }
        }
    }

    @Test
    void argmaxAlongEachAxisPicksTheFirstLargestWithNaNCountingAsLargest() {
        Rng rng = new Rng(12);
        for (int trial = 0; trial < 150; trial++) {
            int[] shape = randomShape(rng, 6000);
            Twin x = randomTensor(rng, shape, true, -2f, 2f);
            for (float[] storage : new float[][] {x.referenceStorage(), x.fastStorage()}) {
                Rng same = new Rng(trial);
                for (int i = 0; i < storage.length; i++) {
                    storage[i] = same.nextInt(40) == 0 ? Float.NaN : Math.round(storage[i] * 2f) / 2f;
                }
            }
            for (int axis = 0; axis < shape.length; axis++) {
                int[] kept = shape.clone();
                kept[axis] = 1;
                Twin out = randomTensor(rng, kept, false, -1f, 1f);
                REFERENCE.argmax(x.reference(), axis, out.reference());
                FAST.argmax(x.fast(), axis, out.fast());
                assertExact(out, "argmax along axis " + axis + " of " + x.layout());
            }
        }
    }

    @Test
    void batchedMatmulReadsTransposedSlicedAndBroadcastOperandsInPlace() {
        Rng rng = new Rng(13);
        int[] sizes = {1, 2, 7, 8, 17, 33};
        for (int trial = 0; trial < 120; trial++) {
            int batch = 1 + rng.nextInt(3);
            int m = sizes[rng.nextInt(sizes.length)];
            int k = sizes[rng.nextInt(sizes.length)];
            int n = sizes[rng.nextInt(sizes.length)];
            Twin a = matrices(rng, batch, m, k);
            Twin b = matrices(rng, batch, k, n);
            Twin out = randomTensor(rng, new int[] {batch, m, n}, false, -1f, 1f);
            boolean accumulate = rng.nextBoolean();
            REFERENCE.matmul(a.reference(), b.reference(), out.reference(), accumulate);
            FAST.matmul(a.fast(), b.fast(), out.fast(), accumulate);
            assertClose(out, i -> 1e-5 * (k + 1), "[" + batch + ", " + m + ", " + k + "] @ [" + batch + ", " + k + ", " + n
                    + "] with " + a.layout() + " and " + b.layout() + (accumulate ? ", accumulating" : ""));
        }
    }

    /** A batch of matrices in a random layout; a third of the time one matrix shared by the batch (stride 0). */
    private static Twin matrices(Rng rng, int batch, int rows, int columns) {
        boolean shared = rng.nextInt(3) == 0;
        Layout layout = randomLayout(rng, new int[] {shared ? 1 : batch, rows, columns}, false);
        if (shared) {
            layout = layout.expand(Shape.of(batch, rows, columns));
        }
        return twin(rng.uniform(layout.extent() + 1, -1f, 1f), layout);
    }

    /** For each output element, the sum of |x| over the elements folded into it: the scale of the rounding error. */
    private static float[] sumOfAbsoluteValues(Tensor x, int[] reduced) {
        Tensor abs = new Tensor(REFERENCE.allocate(x.numel()), Layout.contiguous(x.shape()), REFERENCE);
        REFERENCE.unary(UnaryOp.ABS, x, abs);
        Tensor bound = new Tensor(new HeapStorage(new float[Shape.of(reduced).numel()]), Layout.contiguous(Shape.of(reduced)), REFERENCE);
        REFERENCE.reduce(ReduceOp.SUM, abs, bound);
        return bound.toArray();
    }
}

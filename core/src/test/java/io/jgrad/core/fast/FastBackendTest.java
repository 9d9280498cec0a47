package io.jgrad.core.fast;

import static io.jgrad.core.fast.Oracle.assertExact;
import static io.jgrad.core.fast.Oracle.assertRelative;
import static io.jgrad.core.fast.Oracle.randomShape;
import static io.jgrad.core.fast.Oracle.randomTensor;
import static io.jgrad.core.fast.Oracle.twin;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.jgrad.core.BinaryOp;
import io.jgrad.core.Fused;
import io.jgrad.core.Layout;
import io.jgrad.core.Rng;
import io.jgrad.core.Shape;
import io.jgrad.core.Tensor;
import io.jgrad.core.UnaryOp;
import io.jgrad.core.fast.Oracle.Twin;
import io.jgrad.core.reference.ReferenceBackend;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The fast backend's elementwise kernels against the reference oracle on random seeded layouts: permuted, narrowed
 * and broadcast inputs, strided and in-place outputs, and run lengths around the vector width.
 */
class FastBackendTest {
    private static final FastBackend FAST = FastBackend.INSTANCE;
    private static final ReferenceBackend REFERENCE = ReferenceBackend.INSTANCE;
    private static final int[] RUN_LENGTHS = {1, 7, 8, 15, 16, 17, 33, 257, 600};
    /** The unary ops whose vector formula rounds differently from the reference's double-precision one. */
    private static final Set<UnaryOp> ROUNDED = EnumSet.of(UnaryOp.EXP, UnaryOp.LOG, UnaryOp.TANH, UnaryOp.SIGMOID);
    private static final float[] SPECIAL = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0f, -0f,
        1f, -1f, 0.5f, -2.5f, 1e-40f, -1e-40f, 88f, 89f, -88f, -104f, 1000f, -1000f, Float.MAX_VALUE, 3f};

    @Test
    void normalDrawsSplitBetweenThreadsAreTheOneThreadDraws() {
        try {
            for (int threads : new int[] {2, 3}) {
                FastBackend.setThreads(threads);
                Rng split = new Rng(9);
                Rng serial = new Rng(9);
                assertArrayEquals(serial.normal(5120 + 7, 0f, 1f), Tensor.normal(FAST, split, 0f, 1f, 5127).toArray());
                assertEquals(serial.state(), split.state());
            }
        } finally {
            FastBackend.setThreads(Runtime.getRuntime().availableProcessors());
        }
    }

    @Test
    void crossEntropySumHasTheSameBitsOnAnyNumberOfThreads() {
        Rng rng = new Rng(21);
        int n = 256 * 784 + 3;                                       // a VAE batch, and a tail past the last vector
        float[] p = rng.uniform(n, 0.01f, 0.99f);
        float[] t = rng.uniform(n, 0f, 1f);
        float[] sums = new float[3];
        try {
            for (int threads = 1; threads <= 3; threads++) {
                FastBackend.setThreads(threads);
                sums[threads - 1] = Fused.binaryCrossEntropySum(Tensor.of(FAST, p, n), Tensor.of(FAST, t, n)).item();
            }
        } finally {
            FastBackend.setThreads(Runtime.getRuntime().availableProcessors());
        }
        assertEquals(sums[0], sums[1], "2 threads");
        assertEquals(sums[0], sums[2], "3 threads");
        float terms = Fused.binaryCrossEntropy(Tensor.of(FAST, p, n), Tensor.of(FAST, t, n)).sum().item();
        assertEquals(terms, sums[0], 1e-5f * terms, "the terms' sum, to rounding");
    }

    @Test
    void everyUnaryOpMatchesTheReferenceOnRandomLayouts() {
        Rng rng = new Rng(1);
        for (UnaryOp op : UnaryOp.values()) {
            for (int trial = 0; trial < 40; trial++) {
                int[] shape = randomShape(rng, 6000);
                Twin x = randomTensor(rng, shape, true, -6f, 6f);
                boolean inPlace = noBroadcast(x) && rng.nextInt(3) == 0;
                Twin out = inPlace ? x : randomTensor(rng, shape, false, -1f, 1f);
                REFERENCE.unary(op, x.reference(), out.reference());
                FAST.unary(op, x.fast(), out.fast());
                check(op, out, op + " trial " + trial + " on " + x.layout());
            }
        }
    }

    @Test
    void everyBinaryOpMatchesTheReferenceOnRandomLayouts() {
        Rng rng = new Rng(2);
        for (BinaryOp op : BinaryOp.values()) {
            for (int trial = 0; trial < 40; trial++) {
                int[] shape = randomShape(rng, 6000);
                Twin a = randomTensor(rng, shape, rng.nextInt(3) == 0, -3f, 3f);
                Twin b = randomTensor(rng, shape, true, -3f, 3f);
                if (op.ordinal() >= BinaryOp.EQ.ordinal()) {
                    roundToHalves(a);
                    roundToHalves(b);
                }
                Twin out = noBroadcast(a) && rng.nextInt(3) == 0 ? a : randomTensor(rng, shape, false, -1f, 1f);
                REFERENCE.binary(op, a.reference(), b.reference(), out.reference());
                FAST.binary(op, a.fast(), b.fast(), out.fast());
                check(op, out, op + " trial " + trial + " on " + a.layout() + " and " + b.layout());
            }
        }
    }

    // Short runs into a dense output go through a copy and one dense pass: the bits must be those of the op on a
    // dense copy of the operand, for every op and with the slice on either side, and an in-place operand must survive.
    @Test
    void slicesWithShortRunsGiveTheBitsOfTheirDenseCopies() {
        Rng rng = new Rng(23);
        Tensor slice = Tensor.of(FAST, rng.uniform(256 * 40, -3f, 3f), 256, 2, 20).select(1, 1);    // runs of 20
        Tensor dense = slice.contiguous();
        Tensor other = Tensor.of(FAST, rng.uniform(256 * 20, 0.5f, 3f), 256, 20);
        for (UnaryOp op : UnaryOp.values()) {
            assertArrayEquals(dense.map(op).toArray(), slice.map(op).toArray(), op.name());
        }
        for (BinaryOp op : BinaryOp.values()) {
            assertArrayEquals(dense.zip(op, other).toArray(), slice.zip(op, other).toArray(), op + " (slice, dense)");
            assertArrayEquals(other.zip(op, dense).toArray(), other.zip(op, slice).toArray(), op + " (dense, slice)");
        }
        Tensor target = other.copy();
        target.addInPlace(slice);                                   // out is the dense operand itself
        assertArrayEquals(other.add(dense).toArray(), target.toArray(), "in place onto a dense tensor");
    }

    @Test
    void denseRunsOfEveryLengthAroundTheVectorWidthMatch() {
        Rng rng = new Rng(3);
        for (int n : RUN_LENGTHS) {
            Layout dense = Layout.contiguous(Shape.of(n));
            Layout scalar = Layout.of(Shape.of(), new int[0], 0).expand(Shape.of(n));
            for (UnaryOp op : UnaryOp.values()) {
                Twin x = twin(rng.uniform(n, -5f, 5f), dense);
                Twin out = twin(new float[n], dense);
                REFERENCE.unary(op, x.reference(), out.reference());
                FAST.unary(op, x.fast(), out.fast());
                check(op, out, op + " on " + n + " dense elements");
            }
            for (BinaryOp op : BinaryOp.values()) {
                for (Layout[] operands : new Layout[][] {{dense, dense}, {dense, scalar}, {scalar, dense}}) {
                    Twin a = twin(rng.uniform(n, 0.5f, 3f), operands[0]);
                    Twin b = twin(rng.uniform(n, 0.5f, 3f), operands[1]);
                    Twin out = twin(new float[n], dense);
                    REFERENCE.binary(op, a.reference(), b.reference(), out.reference());
                    FAST.binary(op, a.fast(), b.fast(), out.fast());
                    check(op, out, op + " on " + n + " elements, " + operands[0] + " and " + operands[1]);
                }
            }
        }
    }

    @Test
    void specialValuesFollowTheReferenceSemantics() {
        int n = SPECIAL.length;
        Layout line = Layout.contiguous(Shape.of(n));
        for (UnaryOp op : UnaryOp.values()) {
            Twin out = twin(new float[n], line);
            Twin x = twin(SPECIAL, line);
            REFERENCE.unary(op, x.reference(), out.reference());
            FAST.unary(op, x.fast(), out.fast());
            check(op, out, op + " on " + Arrays.toString(SPECIAL));
        }
        float[] left = new float[n * n];
        float[] right = new float[n * n];
        for (int i = 0; i < n * n; i++) {
            left[i] = SPECIAL[i / n];
            right[i] = SPECIAL[i % n];
        }
        Layout square = Layout.contiguous(Shape.of(n, n));
        for (BinaryOp op : BinaryOp.values()) {
            Twin out = twin(new float[n * n], square);
            REFERENCE.binary(op, twin(left, square).reference(), twin(right, square).reference(), out.reference());
            FAST.binary(op, twin(left, square).fast(), twin(right, square).fast(), out.fast());
            check(op, out, op + " on every pair of special values");
        }
    }

    @Test
    void sigmoidSaturatesWithoutNaNFarFromZero() {
        float[] x = {-1000f, -100f, -90f, -20f, 0f, 20f, 90f, 100f, 1000f, -1000f, 1000f, -50f, 50f, -88.5f, 88.5f, 1f, -1f};
        Tensor y = Tensor.of(FAST, x, x.length).sigmoid();
        float[] values = y.toArray();
        for (int i = 0; i < x.length; i++) {
            assertFalse(Float.isNaN(values[i]), "sigmoid(" + x[i] + ") is NaN");
        }
        assertEquals(0f, values[0]);
        assertEquals(1f, values[8]);
        assertEquals(0.5f, values[4]);
        assertEquals((float) (Math.exp(-100) / (1 + Math.exp(-100))), values[1], 3e-45f, "sigmoid(-100) keeps its precision");
    }

    @Test
    void copyFillAndToArrayMatchOnRandomLayouts() {
        Rng rng = new Rng(4);
        for (int trial = 0; trial < 200; trial++) {
            int[] shape = randomShape(rng, 6000);
            Twin x = randomTensor(rng, shape, true, -1f, 1f);
            assertArrayEquals(REFERENCE.toArray(x.reference()), FAST.toArray(x.fast()), "toArray of " + x.layout());
            Twin out = randomTensor(rng, shape, false, -1f, 1f);
            REFERENCE.copy(x.reference(), out.reference());
            FAST.copy(x.fast(), out.fast());
            assertExact(out, "copy from " + x.layout());
            float value = rng.nextFloat();
            REFERENCE.fill(out.reference(), value);
            FAST.fill(out.fast(), value);
            assertExact(out, "fill");
        }
    }

    @Test
    void rankZeroAndEmptyTensorsAreHandled() {
        Tensor scalar = Tensor.of(FAST, new float[] {-2f}).abs();
        assertEquals(2f, scalar.item());
        Tensor empty = Tensor.zeros(FAST, 3, 0, 5);
        assertEquals(0, empty.exp().numel());
        assertArrayEquals(new float[0], FAST.toArray(empty.add(empty).permute(2, 0, 1)));
        assertArrayEquals(new float[] {0f, 0f, 0f}, empty.sum(true, 1, 2).toArray());
        Tensor product = Tensor.zeros(FAST, 2, 0).matmul(Tensor.zeros(FAST, 0, 3));
        assertArrayEquals(new float[6], product.toArray(), "a product over an empty inner axis is all zeros");
    }

    @Test
    void crossEntropyOfSaturatedPredictionsIsClampedAsInTheReference() {
        // Predictions of exactly 0 and 1 (a saturated sigmoid) among ordinary ones, over more than one chunk.
        Rng rng = new Rng(11);
        int n = 1000;
        float[] p = new float[n];
        float[] t = new float[n];
        for (int i = 0; i < n; i++) {
            p[i] = i % 5 == 0 ? 0f : i % 5 == 1 ? 1f : i % 5 == 2 ? -0f : rng.nextFloat();
            t[i] = i % 3 == 0 ? 0f : i % 3 == 1 ? 1f : rng.nextFloat();
        }
        float[] fast = FAST.toArray(Fused.binaryCrossEntropy(Tensor.of(FAST, p, n), Tensor.of(FAST, t, n)));
        float[] reference = REFERENCE.toArray(Fused.binaryCrossEntropy(Tensor.of(REFERENCE, p, n), Tensor.of(REFERENCE, t, n)));
        for (int i = 0; i < n; i++) {
            String what = "BCE(p=" + p[i] + ", t=" + t[i] + ")";
            if (p[i] == 0f || p[i] == 1f) {
                assertEquals(reference[i], fast[i], what);      // -100 t or -100 (1 - t): exact
            } else {
                assertEquals(reference[i], fast[i], 1e-5f * Math.max(1f, Math.abs(reference[i])), what);
            }
        }
    }

    /** Every binary op is exact in IEEE arithmetic, so the fast backend must agree bit for bit. */
    private static void check(BinaryOp op, Twin out, String what) {
        assertExact(out, what);
    }

    private static void check(UnaryOp op, Twin out, String what) {
        if (ROUNDED.contains(op)) {
            assertRelative(out, what);
        } else {
            assertExact(out, what);
        }
    }

    private static boolean noBroadcast(Twin t) {
        for (int axis = 0; axis < t.layout().rank(); axis++) {
            if (t.layout().stride(axis) == 0 && t.layout().shape().size(axis) > 1) {
                return false;
            }
        }
        return true;
    }

    /** Values on a coarse grid, so that comparisons see plenty of equal pairs. */
    private static void roundToHalves(Twin t) {
        for (float[] storage : new float[][] {t.referenceStorage(), t.fastStorage()}) {
            for (int i = 0; i < storage.length; i++) {
                storage[i] = Math.round(storage[i] * 2f) / 2f;
            }
        }
    }
}

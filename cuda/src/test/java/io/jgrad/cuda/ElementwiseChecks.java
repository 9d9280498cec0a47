package io.jgrad.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jgrad.core.Fused;
import io.jgrad.core.BinaryOp;
import io.jgrad.core.Rng;
import io.jgrad.core.Tensor;
import io.jgrad.core.UnaryOp;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Fill, copy, unary and binary ops against the reference backend, on layouts chosen so that most are not
 * contiguous: permuted, narrowed (non-zero offset), with size-1 axes, broadcast, and of rank 7, which no kernel
 * takes whole. Subclasses say which {@link CudaBackend} to check.
 */
abstract class ElementwiseChecks {
    /** NOTE: the GPU's expf/logf/tanhf/powf are within a few ulp of the correctly rounded value; 1e-6 is ~8 ulp. */
    static final double REL = 1e-6;
    static final double ABS = 1e-7;

    protected abstract CudaBackend backend();

    /** Views of shape [3, 4, 5] over a storage of 100 elements: dense, permuted, at an offset, narrowed. */
    static final List<UnaryOperator<Tensor>> VIEWS = List.of(
            t -> t.narrow(0, 0, 60).reshape(3, 4, 5),
            t -> t.narrow(0, 0, 60).reshape(5, 3, 4).permute(1, 2, 0),
            t -> t.narrow(0, 0, 60).reshape(4, 5, 3).transpose(0, 2).transpose(1, 2),
            t -> t.narrow(0, 7, 60).reshape(3, 2, 2, 5).reshape(3, 4, 5),
            t -> t.narrow(0, 0, 96).reshape(4, 6, 4).narrow(0, 1, 3).narrow(1, 1, 5).transpose(1, 2));

    private Twin viewed(long seed, int index) {
        return Twin.random(backend(), seed, -3f, 3f, 100).map(VIEWS.get(index));
    }

    @Test
    void everyUnaryOpMatchesTheReferenceOnEveryView() {
        for (UnaryOp op : UnaryOp.values()) {
            for (int v = 0; v < VIEWS.size(); v++) {
                viewed(v, v).map(t -> t.map(op)).assertClose(REL, ABS, op + " on view " + v);
            }
        }
    }

    @Test
    void unaryOpsAgreeOnSpecialValues() {
        float[] special = {0f, -0f, 1f, -1f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN, 1e-30f,
            -1e-30f, 88f, -88f, 100f, -100f, 1e30f, -1e30f, Float.MIN_VALUE};
        Twin x = Twin.of(backend(), special, special.length);
        for (UnaryOp op : UnaryOp.values()) {
            x.map(t -> t.map(op)).assertClose(REL, 0, op + " on special values");
        }
    }

    // Math.max(x, 0f), bit for bit: NaN passes through (fmaxf would drop it) and -0 becomes +0.
    @Test
    void reluKeepsNaNAndTurnsNegativeZeroIntoZero() {
        Twin x = Twin.of(backend(), new float[] {Float.NaN, -0f, 0f, -1f, 2f, Float.NEGATIVE_INFINITY}, 6);
        x.map(Tensor::relu).assertSame("relu of special values");
    }

    @Test
    void sigmoidStaysFiniteAndExactForLargeMagnitudes() {
        Twin x = Twin.of(backend(), new float[] {-1000f, -100f, -30f, 30f, 100f, 1000f}, 6);
        float[] y = x.cuda().sigmoid().toArray();
        assertEquals(0f, y[0]);
        assertEquals(1f, y[5]);
        x.map(Tensor::sigmoid).assertClose(REL, 0, "sigmoid far from 0");
    }

    @Test
    void everyBinaryOpMatchesTheReferenceWithBroadcasting() {
        for (BinaryOp op : BinaryOp.values()) {
            for (int v = 0; v < VIEWS.size(); v++) {
                Twin a = Twin.integers(backend(), 10 + v, -3, 3, 100).map(VIEWS.get(v));
                Twin b = Twin.integers(backend(), 20 + v, -2, 3, 4, 1);
                a.zip(b, (x, y) -> x.zip(op, y)).assertClose(REL, ABS, op + " with view " + v + " and [4, 1]");
                b.zip(a, (x, y) -> x.zip(op, y)).assertClose(REL, ABS, op + " with [4, 1] and view " + v);
            }
            Twin a = Twin.random(backend(), 30, -2f, 2f, 1000);
            Twin b = Twin.random(backend(), 31, -2f, 2f, 1000);
            a.zip(b, (x, y) -> x.zip(op, y)).assertClose(REL, ABS, op + " dense");
        }
    }

    // The fused kernels of training on the values they meet there: outputs of a sigmoid or a ReLU (exact 0 and 1
    // included) with gradients, and probabilities with targets in [0, 1].
    @Test
    void fusedTrainingOpsMatchTheReferenceOnTheirDomain() {
        float[] p = new Rng(90).uniform(1000, 0f, 1f);
        p[0] = 0f;
        p[1] = 1f;
        p[2] = 1e-30f;
        p[3] = 0.99999994f;
        Twin probabilities = Twin.of(backend(), p, 1000);
        Twin targets = Twin.random(backend(), 91, 0f, 1f, 1000);
        Twin gradients = Twin.random(backend(), 92, -2f, 2f, 1000);
        probabilities.zip(gradients, Fused::sigmoidBackward).assertClose(REL, ABS, "sigmoidBackward of (y, g)");
        probabilities.zip(gradients, Fused::reluBackward).assertClose(REL, ABS, "reluBackward of (y, g)");
        probabilities.zip(targets, Fused::binaryCrossEntropy).assertClose(REL, ABS, "binaryCrossEntropy of (p, t)");
        probabilities.zip(targets, Fused::binaryCrossEntropyBackward)
                .assertClose(REL, ABS, "binaryCrossEntropyBackward of (p, t)");
        float[] bce = probabilities.zip(targets, Fused::binaryCrossEntropy).cuda().toArray();
        assertEquals(100f * targets.cuda().get(0), bce[0], 1e-4f, "ln 0 is clamped at -100");
    }

    @Test
    void binaryOpsAgreeOnSpecialValues() {
        float[] values = {0f, -0f, 1f, -1f, 2f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN};
        int n = values.length;
        float[] left = new float[n * n];
        float[] right = new float[n * n];
        for (int i = 0; i < n * n; i++) {
            left[i] = values[i / n];
            right[i] = values[i % n];
        }
        Twin a = Twin.of(backend(), left, n * n);
        Twin b = Twin.of(backend(), right, n * n);
        for (BinaryOp op : BinaryOp.values()) {
            double rel = op == BinaryOp.POW ? REL : 0;
            a.zip(b, (x, y) -> x.zip(op, y)).assertClose(rel, 0, op + " on every pair of special values");
        }
    }

    @Test
    void inPlaceOpsWriteThroughStridedViews() {
        Twin x = Twin.random(backend(), 40, -2f, 2f, 100);
        Twin view = x.map(VIEWS.get(2));
        view.map(t -> t.mapInPlace(UnaryOp.TANH));
        x.assertClose(REL, ABS, "tanh in place through a permuted view");
        view.zip(Twin.random(backend(), 41, -1f, 1f, 5), (t, y) -> t.addInPlace(y));
        x.assertClose(REL, ABS, "add in place of a broadcast row");
    }

    @Test
    void fillAndCopyReachExactlyTheViewedElements() {
        Twin x = Twin.random(backend(), 50, -2f, 2f, 100);
        x.map(t -> t.narrow(0, 0, 60).reshape(5, 3, 4).narrow(1, 1, 2).transpose(0, 2).fillInPlace(7f));
        x.assertSame("fill through a narrowed, transposed view");
        x.map(t -> t.narrow(0, 3, 17).fillInPlace(-1f));
        x.assertSame("fill of a dense run at an offset");
        Twin column = Twin.random(backend(), 51, -2f, 2f, 4, 1);
        x.map(VIEWS.get(1)).zip(column, Tensor::copyInPlace);
        x.assertSame("copy of a broadcast column into a permuted view");
        x.map(VIEWS.get(3)).zip(column, (t, c) -> t.narrow(2, 1, 1).copyInPlace(c));
        x.assertSame("copy into a narrowed view");
        x.map(VIEWS.get(4)).map(Tensor::contiguous).assertSame("contiguous() of a strided view");
        x.map(t -> t.narrow(0, 0, 60).reshape(3, 20).t()).assertSame("toArray of a transposed view");
    }

    @Test
    void singleElementsReadAndWrite() {
        Twin x = Twin.random(backend(), 60, -2f, 2f, 3, 4);
        x.map(t -> {
            t.set(42f, 2, 1);
            return t;
        });
        assertEquals(42f, x.cuda().get(2, 1));
        assertEquals(x.reference().get(1, 3), x.cuda().get(1, 3));
        x.assertSame("after set");
    }

    @Test
    void layoutsAboveTheKernelRankAreSplitIntoSeveralLaunches() {
        Twin x = Twin.random(backend(), 70, -2f, 2f, 2, 2, 2, 2, 2, 2, 2, 3);
        UnaryOperator<Tensor> reversed = t -> t.permute(7, 6, 5, 4, 3, 2, 1, 0);
        x.map(reversed).map(Tensor::exp).assertClose(REL, ABS, "exp of a rank-8 reversed view");
        x.map(reversed).map(Tensor::contiguous).assertSame("copy of a rank-8 reversed view");
        Twin y = Twin.random(backend(), 71, -2f, 2f, 3, 2, 2, 2, 2, 2, 2, 2);
        x.map(reversed).zip(y, Tensor::mul).assertClose(REL, ABS, "mul of rank-8 operands");
    }

    @Test
    void emptyTensorsLaunchNothing() {
        Twin x = Twin.random(backend(), 80, -1f, 1f, 0, 3);
        x.map(Tensor::exp).assertSame("exp of an empty tensor");
        x.zip(x, Tensor::add).assertSame("add of empty tensors");
        x.map(t -> t.fillInPlace(1f)).assertSame("fill of an empty tensor");
    }
}

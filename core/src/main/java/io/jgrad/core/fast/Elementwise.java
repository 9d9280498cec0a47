package io.jgrad.core.fast;

import io.jgrad.core.BinaryOp;
import io.jgrad.core.Tensor;
import io.jgrad.core.UnaryOp;
import java.util.Arrays;

/**
 * fill, copy, unary and binary ops over any layouts: {@link StridedLoops} turns the operands into runs, and each
 * run goes to a dense kernel ({@link UnaryKernels}, {@link BinaryKernels}).
 *
 * <p>Invariant: kernels only ever see dense runs (stride 1) or broadcast elements (stride 0). A run with any other
 * stride is gathered into a scratch array first, and a strided output run is computed in scratch and scattered
 * back, so every layout takes the same vector code. The output is the lead operand, so an in-place op on a
 * transposed view is walked in memory order.
 */
final class Elementwise {
    /** Runs shorter than this, into a dense output, are copied there first and the op applied in one dense pass. */
    static final int SHORT_RUN = 4 * UnaryKernels.SPECIES.length();

    private Elementwise() {
    }

    /** {@code out[i] = value}. */
    static void fill(Tensor out, float value) {
        float[] o = FastBackend.data(out);
        StridedLoops walk = StridedLoops.of(out.shape(), out.layout());
        int n = walk.innerSize();
        int so = walk.innerStride(0);
        walk.forEachRun((po, unused1, unused2) -> {
            if (so == 1) {
                Arrays.fill(o, po, po + n, value);
            } else {
                for (int i = 0; i < n; i++) {
                    o[po + i * so] = value;
                }
            }
        });
    }

    /** {@code out[i] = x[i]}: System.arraycopy on dense runs. */
    static void copy(Tensor x, Tensor out) {
        float[] in = FastBackend.data(x);
        float[] o = FastBackend.data(out);
        StridedLoops walk = StridedLoops.of(out.shape(), out.layout(), x.layout());
        int n = walk.innerSize();
        int so = walk.innerStride(0);
        int sx = walk.innerStride(1);
        walk.forEachRun((po, px, unused) -> {
            if (so == 1 && sx == 1) {
                System.arraycopy(in, px, o, po, n);
            } else if (so == 1 && sx == 0) {
                Arrays.fill(o, po, po + n, in[px]);
            } else {
                for (int i = 0; i < n; i++) {
                    o[po + i * so] = in[px + i * sx];
                }
            }
        });
    }

    /** {@code out[i] = op(x[i])}. */
    static void unary(UnaryOp op, Tensor x, Tensor out) {
        float[] in = FastBackend.data(x);
        float[] o = FastBackend.data(out);
        if (isDense(out) && isDense(x)) {
            unaryDense(op, x, out);
            return;
        }
        StridedLoops walk = StridedLoops.of(out.shape(), out.layout(), x.layout());
        int n = walk.innerSize();
        if (isDense(out) && n < SHORT_RUN) {
            // NOTE: each run is a kernel call, and a short one is mostly the call (the VAE's mu and log-variance,
            // [256, 20] slices of [256, 2, 20]: 256 runs of 20, each a vector and a padded tail; exp and square of
            // them took 14-20 us, 5 us this way). Copied into the dense output, it takes one call: the same bits,
            // since every element goes through the same vector formula wherever it sits in a run. NOTE: the dense
            // pass is a method of its own; unary calling itself here made every elementwise op of a step slower
            // (C2, 2-4%).
            copy(x, out);
            unaryDense(op, out, out);
            return;
        }
        int so = walk.innerStride(0);
        int sx = walk.innerStride(1);
        float[] inScratch = sx > 1 ? new float[n] : null;
        float[] outScratch = so != 1 ? new float[n] : null;
        walk.forEachRun((po, px, unused) -> {
            if (sx == 0) {
                float[] one = {in[px]};
                UnaryKernels.apply(op, one, 0, one, 0, 1);
                fillRun(o, po, so, n, one[0]);
                return;
            }
            float[] source = inScratch == null ? in : gather(in, px, sx, inScratch, n);
            int ps = inScratch == null ? px : 0;
            if (outScratch == null) {
                UnaryKernels.apply(op, source, ps, o, po, n);
            } else {
                UnaryKernels.apply(op, source, ps, outScratch, 0, n);
                scatter(outScratch, o, po, so, n);
            }
        });
    }

    /** {@code out[i] = op(a[i], b[i])}; broadcast operands arrive expanded, with stride 0. */
    static void binary(BinaryOp op, Tensor a, Tensor b, Tensor out) {
        float[] da = FastBackend.data(a);
        float[] db = FastBackend.data(b);
        float[] o = FastBackend.data(out);
        if (isDense(out) && isDense(a) && (isDense(b) || isOneElement(b))) {
            binaryDense(op, a, b, out);
            return;
        }
        StridedLoops walk = StridedLoops.of(out.shape(), out.layout(), a.layout(), b.layout());
        int n = walk.innerSize();
        if (isDense(out) && n < SHORT_RUN) {        // as in unary: the short operand copied into out, one dense pass
            boolean bDense = isDense(b) || isOneElement(b);
            if (!isDense(a) && bDense && db != o) {
                copy(a, out);
                binaryDense(op, out, b, out);
                return;
            }
            if (isDense(a) && !bDense && da != o) {
                copy(b, out);
                binaryDense(op, a, out, out);
                return;
            }
        }
        int so = walk.innerStride(0);
        int sa = walk.innerStride(1);
        int sb = walk.innerStride(2);
        float[] aScratch = sa > 1 ? new float[n] : null;
        float[] bScratch = sb > 1 ? new float[n] : null;
        float[] outScratch = so != 1 ? new float[n] : null;
        walk.forEachRun((po, pa, pb) -> {
            float[] left = aScratch == null ? da : gather(da, pa, sa, aScratch, n);
            float[] right = bScratch == null ? db : gather(db, pb, sb, bScratch, n);
            int pl = aScratch == null ? pa : 0;
            int pr = bScratch == null ? pb : 0;
            int dl = Math.min(sa, 1);
            int dr = Math.min(sb, 1);
            if (outScratch == null) {
                BinaryKernels.apply(op, left, pl, dl, right, pr, dr, o, po, n);
            } else {
                BinaryKernels.apply(op, left, pl, dl, right, pr, dr, outScratch, 0, n);
                scatter(outScratch, o, po, so, n);
            }
        });
    }

    /** Unary over dense x and out: parts of one run, split between the threads. */
    private static void unaryDense(UnaryOp op, Tensor x, Tensor out) {
        float[] in = FastBackend.data(x);
        float[] o = FastBackend.data(out);
        int px = x.layout().offset();
        int po = out.layout().offset();
        Workers.forParts(out.numel(), UnaryKernels.CHUNK,
                (from, to) -> UnaryKernels.apply(op, in, px + from, o, po + from, to - from));
    }

    /** Binary over dense a and out, and b dense or one element broadcast: parts of one run, split between threads. */
    private static void binaryDense(BinaryOp op, Tensor a, Tensor b, Tensor out) {
        float[] da = FastBackend.data(a);
        float[] db = FastBackend.data(b);
        float[] o = FastBackend.data(out);
        int pa = a.layout().offset();
        int pb = b.layout().offset();
        int po = out.layout().offset();
        int sb = isDense(b) ? 1 : 0;
        Workers.forParts(out.numel(), UnaryKernels.CHUNK,
                (from, to) -> BinaryKernels.apply(op, da, pa + from, 1, db, pb + from * sb, sb, o, po + from, to - from));
    }

    /** The whole tensor is one dense run: the shortcut that skips building a walk for the most common case. */
    private static boolean isDense(Tensor t) {
        return t.numel() > 0 && t.layout().isContiguous();
    }

    /** Every index reads the same element: a scalar broadcast to the whole shape. */
    private static boolean isOneElement(Tensor t) {
        for (int axis = 0; axis < t.rank(); axis++) {
            if (t.layout().stride(axis) != 0 && t.size(axis) != 1) {
                return false;
            }
        }
        return true;
    }

    private static float[] gather(float[] from, int position, int stride, float[] scratch, int n) {
        for (int i = 0; i < n; i++) {
            scratch[i] = from[position + i * stride];
        }
        return scratch;
    }

    private static void scatter(float[] scratch, float[] to, int position, int stride, int n) {
        for (int i = 0; i < n; i++) {
            to[position + i * stride] = scratch[i];
        }
    }

    private static void fillRun(float[] o, int po, int so, int n, float value) {
        if (so == 1) {
            Arrays.fill(o, po, po + n, value);
        } else {
            for (int i = 0; i < n; i++) {
                o[po + i * so] = value;
            }
        }
    }
}

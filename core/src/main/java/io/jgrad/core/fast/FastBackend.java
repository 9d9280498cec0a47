package io.jgrad.core.fast;

import io.jgrad.core.Backend;
import io.jgrad.core.BinaryOp;
import io.jgrad.core.HeapStorage;
import io.jgrad.core.Layout;
import io.jgrad.core.ReduceOp;
import io.jgrad.core.Storage;
import io.jgrad.core.Tensor;
import io.jgrad.core.UnaryOp;
import java.util.Arrays;

/**
 * The fast CPU backend: the same kernels as the reference, on the same {@link HeapStorage}, computed with the
 * Vector API over collapsed layouts. Start reading at {@link StridedLoops} (how any layout becomes a few dense
 * runs), then {@link Elementwise}, {@link UnaryKernels}, {@link BinaryKernels} and {@link Reductions}.
 *
 * <p>Invariant: stateless and single-threaded; results agree with the reference backend to float rounding (bit for
 * bit wherever IEEE arithmetic is exact), and the same inputs and layouts always give the same bits.
 */
public final class FastBackend implements Backend {
    public static final FastBackend INSTANCE = new FastBackend();

    private FastBackend() {
    }

    @Override
    public String name() {
        return "fast";
    }

    @Override
    public Storage allocate(int length) {
        return new HeapStorage(new float[length]);
    }

    @Override
    public Storage fromArray(float[] values) {
        return new HeapStorage(values.clone());
    }

    static float[] data(Tensor t) {
        if (t.storage() instanceof HeapStorage heap) {
            return heap.data();
        }
        throw new IllegalArgumentException("a CPU backend was handed a tensor whose storage is not on the heap: "
                + t.storage().getClass().getSimpleName() + "; move it with to(backend) first");
    }

    @Override
    public float[] toArray(Tensor x) {
        Layout layout = x.layout();
        if (layout.isContiguous()) {
            return Arrays.copyOfRange(data(x), layout.offset(), layout.offset() + x.numel());
        }
        float[] result = new float[x.numel()];
        Elementwise.copy(x, new Tensor(new HeapStorage(result), Layout.contiguous(x.shape()), this));
        return result;
    }

    @Override
    public void fill(Tensor out, float value) {
        Elementwise.fill(out, value);
    }

    @Override
    public void copy(Tensor x, Tensor out) {
        Elementwise.copy(x, out);
    }

    @Override
    public void unary(UnaryOp op, Tensor x, Tensor out) {
        Elementwise.unary(op, x, out);
    }

    @Override
    public void binary(BinaryOp op, Tensor a, Tensor b, Tensor out) {
        Elementwise.binary(op, a, b, out);
    }

    @Override
    public void reduce(ReduceOp op, Tensor x, Tensor out) {
        Reductions.reduce(op, x, out);
    }

    @Override
    public void argmax(Tensor x, int axis, Tensor out) {
        Reductions.argmax(x, axis, out);
    }

    /** One {@link #gemm} per batch, each reading its operands in place through their strides. */
    @Override
    public void matmul(Tensor a, Tensor b, Tensor out, boolean accumulate) {
        Layout la = a.layout();
        Layout lb = b.layout();
        Layout lo = out.layout();
        int m = out.size(1);
        int n = out.size(2);
        int k = a.size(2);
        for (int batch = 0; batch < out.size(0); batch++) {
            gemm(m, n, k,
                    data(a), la.offset() + batch * la.stride(0), la.stride(1), la.stride(2),
                    data(b), lb.offset() + batch * lb.stride(0), lb.stride(1), lb.stride(2),
                    data(out), lo.offset() + batch * lo.stride(0), lo.stride(1), lo.stride(2), accumulate);
        }
    }

    /**
     * {@code c[i, j] (+)= sum_p a[i, p] * b[p, j]} on strided matrices: a plain i-p-j loop that stands in until the
     * blocked kernel {@code io.jgrad.core.fast.Gemm} lands with exactly these parameters.
     */
    private static void gemm(int m, int n, int k,
                             float[] a, int aOffset, int aRowStride, int aColStride,
                             float[] b, int bOffset, int bRowStride, int bColStride,
                             float[] c, int cOffset, int cRowStride, int cColStride, boolean accumulate) {
        for (int i = 0; i < m; i++) {
            int cRow = cOffset + i * cRowStride;
            if (!accumulate) {
                for (int j = 0; j < n; j++) {
                    c[cRow + j * cColStride] = 0f;
                }
            }
            for (int p = 0; p < k; p++) {
                float aip = a[aOffset + i * aRowStride + p * aColStride];
                int bRow = bOffset + p * bRowStride;
                for (int j = 0; j < n; j++) {
                    c[cRow + j * cColStride] += aip * b[bRow + j * bColStride];
                }
            }
        }
    }
}

package io.jgrad.core.reference;

import io.jgrad.core.Backend;
import io.jgrad.core.BinaryOp;
import io.jgrad.core.HeapStorage;
import io.jgrad.core.Layout;
import io.jgrad.core.ReduceOp;
import io.jgrad.core.Storage;
import io.jgrad.core.Tensor;
import io.jgrad.core.UnaryOp;

/**
 * The oracle: every kernel is the plain loop from its definition, walking any layout element by element through
 * {@link Layout#positionOf}. Slow and obviously right; the fast CPU and CUDA backends are tested against it.
 *
 * <p>Invariant: stateless; works on {@link HeapStorage} only.
 */
public final class ReferenceBackend implements Backend {
    public static final ReferenceBackend INSTANCE = new ReferenceBackend();

    private ReferenceBackend() {
    }

    @Override
    public String name() {
        return "reference";
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
        return HeapStorage.dataOf(t);
    }

    /** <pre>for i: result[i] = x[i]</pre> */
    @Override
    public float[] toArray(Tensor x) {
        float[] in = data(x);
        float[] result = new float[x.numel()];
        for (int i = 0; i < result.length; i++) {
            result[i] = in[x.layout().positionOf(i)];
        }
        return result;
    }

    /** <pre>for i: out[i] = value</pre> */
    @Override
    public void fill(Tensor out, float value) {
        float[] o = data(out);
        for (int i = 0; i < out.numel(); i++) {
            o[out.layout().positionOf(i)] = value;
        }
    }

    /** <pre>for i: out[i] = x[i]</pre> */
    @Override
    public void copy(Tensor x, Tensor out) {
        unary(null, x, out);
    }

    /** <pre>for i: out[i] = op(x[i])</pre> */
    @Override
    public void unary(UnaryOp op, Tensor x, Tensor out) {
        float[] in = data(x);
        float[] o = data(out);
        Layout lx = x.layout();
        Layout lo = out.layout();
        for (int i = 0; i < out.numel(); i++) {
            float v = in[lx.positionOf(i)];
            o[lo.positionOf(i)] = op == null ? v : op.apply(v);
        }
    }

    /** <pre>for i: out[i] = op(a[i], b[i])</pre> */
    @Override
    public void binary(BinaryOp op, Tensor a, Tensor b, Tensor out) {
        float[] da = data(a);
        float[] db = data(b);
        float[] o = data(out);
        for (int i = 0; i < out.numel(); i++) {
            o[out.layout().positionOf(i)] = op.apply(da[a.layout().positionOf(i)], db[b.layout().positionOf(i)]);
        }
    }

    /**
     * <pre>out[j] = identity; for i: out[j(i)] = combine(out[j(i)], x[i])</pre>
     * where j(i) is i with the reduced coordinates set to 0: viewing {@code out} expanded to x's shape gives
     * exactly that mapping, with stride 0 along the reduced axes.
     */
    @Override
    public void reduce(ReduceOp op, Tensor x, Tensor out) {
        float[] in = data(x);
        float[] o = data(out);
        fill(out, op.identity());
        Layout target = out.layout().expand(x.shape());
        for (int i = 0; i < x.numel(); i++) {
            int j = target.positionOf(i);
            o[j] = op.combine(o[j], in[x.layout().positionOf(i)]);
        }
    }

    /** <pre>for each line along axis: out = the first index of the largest value (NaN counts as largest)</pre> */
    @Override
    public void argmax(Tensor x, int axis, Tensor out) {
        float[] in = data(x);
        float[] o = data(out);
        int size = x.size(axis);
        int stride = x.layout().stride(axis);
        Layout starts = x.layout().narrow(axis, 0, 1);
        for (int j = 0; j < out.numel(); j++) {
            int start = starts.positionOf(j);
            int best = 0;
            for (int i = 1; i < size; i++) {
                float v = in[start + i * stride];
                float top = in[start + best * stride];
                if (v > top || Float.isNaN(v) && !Float.isNaN(top)) {
                    best = i;
                }
            }
            o[out.layout().positionOf(j)] = best;
        }
    }

    /** <pre>for b, i, j: out[b, i, j] = (accumulate ? out[b, i, j] : 0) + sum_p a[b, i, p] * b[b, p, j]</pre> */
    @Override
    public void matmul(Tensor a, Tensor b, Tensor out, boolean accumulate) {
        float[] da = data(a);
        float[] db = data(b);
        float[] o = data(out);
        Layout la = a.layout();
        Layout lb = b.layout();
        Layout lo = out.layout();
        int k = a.size(2);
        for (int batch = 0; batch < out.size(0); batch++) {
            for (int i = 0; i < out.size(1); i++) {
                for (int j = 0; j < out.size(2); j++) {
                    float sum = 0;
                    for (int p = 0; p < k; p++) {
                        sum += da[la.position(batch, i, p)] * db[lb.position(batch, p, j)];
                    }
                    int at = lo.position(batch, i, j);
                    o[at] = accumulate ? o[at] + sum : sum;
                }
            }
        }
    }
}

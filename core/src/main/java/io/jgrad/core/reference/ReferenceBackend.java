package io.jgrad.core.reference;

import io.jgrad.core.Backend;
import io.jgrad.core.BinaryOp;
import io.jgrad.core.DefaultBackend;
import io.jgrad.core.Fused;
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

    /** Offers the reference backend as the default of last resort: it runs on any JVM. */
    public static final class Candidate implements DefaultBackend.Candidate {
        @Override
        public int rank() {
            return 0;
        }

        @Override
        public String unavailableReason() {
            return "";
        }

        @Override
        public ReferenceBackend backend() {
            return INSTANCE;
        }
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

    @Override
    public Storage fromWriter(int length, int align, Writer writer) {
        float[] values = new float[length];
        writer.write(values, 0, length);
        return new HeapStorage(values);
    }

    static float[] data(Tensor t) {
        return HeapStorage.dataOf(t.storage());
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

    /**
     * The definitions of the {@link Fused} kernels, one loop each over dense tensors of one shape.
     * <pre>
     * SIGMOID_BACKWARD               out = g y (1 - y)
     * RELU_BACKWARD                  out = g where y > 0, else 0
     * BINARY_CROSS_ENTROPY           out = -(t max(ln p, -100) + (1 - t) max(ln(1 - p), -100))
     * BINARY_CROSS_ENTROPY_SUM       out[0] = the sum of those terms, added in index order
     * BINARY_CROSS_ENTROPY_BACKWARD  out = (p - t) / max(p (1 - p), 1e-12)
     * ADAM_STEP                      m = beta1 m + (1 - beta1) g,  v = beta2 v + (1 - beta2) g^2,
     *                                p = p - (m / (sqrt(v) / biasRoot + eps)) stepSize
     * </pre>
     */
    @Override
    public void fused(Fused.Kernel kernel, Tensor[] tensors, float... parameters) {
        float[][] d = new float[tensors.length][];
        int[] at = new int[tensors.length];
        for (int j = 0; j < tensors.length; j++) {
            d[j] = data(tensors[j]);
            at[j] = tensors[j].layout().offset();
        }
        if (kernel == Fused.Kernel.BINARY_CROSS_ENTROPY_SUM) {
            d[2][at[2]] = 0f;
        }
        for (int i = 0; i < tensors[0].numel(); i++) {
            float a = d[0][at[0] + i];
            float b = d[1][at[1] + i];
            switch (kernel) {
                case SIGMOID_BACKWARD -> d[2][at[2] + i] = b * a * (1f - a);
                case RELU_BACKWARD -> d[2][at[2] + i] = a > 0f ? b : 0f;
                case BINARY_CROSS_ENTROPY -> d[2][at[2] + i] = crossEntropy(a, b);
                case BINARY_CROSS_ENTROPY_SUM -> d[2][at[2]] += crossEntropy(a, b);
                case BINARY_CROSS_ENTROPY_BACKWARD -> d[2][at[2] + i] = (a - b) / Math.max(a * (1f - a), 1e-12f);
                case ADAM_STEP -> adamStep(d, at, i, parameters);
            }
        }
    }

    /** One term of {@link Fused.Kernel#BINARY_CROSS_ENTROPY}: probability p, target t. */
    public static float crossEntropy(float p, float t) {
        return -(t * Math.max((float) Math.log(p), -100f) + (1f - t) * Math.max((float) Math.log(1f - p), -100f));
    }

    /** One element of {@link Fused.Kernel#ADAM_STEP}: tensors (p, g, m, v), parameters (beta1, beta2, eps, stepSize, biasRoot). */
    private static void adamStep(float[][] d, int[] at, int i, float[] parameters) {
        float beta1 = parameters[0];
        float beta2 = parameters[1];
        float g = d[1][at[1] + i];
        float m = d[2][at[2] + i] * beta1 + g * (1 - beta1);
        float v = d[3][at[3] + i] * beta2 + g * g * (1 - beta2);
        d[0][at[0] + i] -= m / ((float) Math.sqrt(v) / parameters[4] + parameters[2]) * parameters[3];
        d[2][at[2] + i] = m;
        d[3][at[3] + i] = v;
    }
}

package io.jgrad.core;

/**
 * The seam between what an op means and how it is computed. {@link Tensor} resolves shapes, broadcasting and
 * views, allocates outputs, and then calls exactly one of these kernels; a backend never sees a shape error.
 *
 * <p>The seam is a short list: the primitives below, which every op of {@link Tensor} comes down to, plus the one
 * family of {@link Fused} kernels that training uses to save passes over memory. Which backend the plain factories
 * ({@code Tensor.zeros(2, 3)}) use is decided outside it, by {@link DefaultBackend}.
 *
 * <p>Invariants every backend keeps: inputs and outputs of the primitives may have any layout (strided, transposed,
 * broadcast with stride 0, offset); an output never aliases an input except elementwise with the identical layout
 * (the in-place ops); results agree with {@code ReferenceBackend}, the plain-loop oracle, to float rounding.
 */
public interface Backend {

    /** A short name for messages, such as {@code reference} or {@code cuda}. */
    String name();

    /** New storage of {@code length} elements, all zero. */
    Storage allocate(int length);

    /**
     * New storage of {@code length} elements whose contents are unspecified, for an output that a kernel overwrites
     * completely; a backend that reuses buffers can then skip clearing them. The default clears them anyway.
     */
    default Storage allocateUninitialized(int length) {
        return allocate(length);
    }

    /** A region of code, for try-with-resources. */
    interface Scope extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Opens a scope whose storage is recycled: what this backend allocates until the scope closes goes back to the
     * backend when it does, to be handed out again in the next scope. A training step runs in one, so that after
     * the first step no new buffers are allocated. Storage made before the scope (parameters, gradients, optimiser
     * state) is untouched; nothing made inside may be used after it closes. The default recycles nothing.
     */
    default Scope reuseScope() {
        return () -> { };
    }

    /** New storage holding a copy of {@code values}. */
    Storage fromArray(float[] values);

    /** Writes elements {@code [from, to)} of a tensor's row-major values into {@code out}, at those positions. */
    @FunctionalInterface
    interface Writer {
        void write(float[] out, int from, int to);
    }

    /**
     * New storage of {@code length} elements that {@code writer} writes. It is handed an array of exactly that length,
     * which may hold stale values, and must write every element of each range it is given and keep no reference to
     * the array; the ranges cover {@code [0, length)}, each a multiple of {@code align} long but the last, and a
     * backend may hand several to several threads at once. The default writes one range into a new array and copies
     * it in ({@link #fromArray}); a backend whose storage is a host array lends that array itself, so nothing is
     * copied (a training batch: 0.8 MB written once instead of twice).
     */
    default Storage fromWriter(int length, int align, Writer writer) {
        float[] values = new float[length];
        writer.write(values, 0, length);
        return fromArray(values);
    }

    /**
     * New storage holding the {@code n} draws {@code rng.normal(n, mean, std)} would give, and {@code rng} left where
     * that call would leave it. The default makes them with that call; a backend may make parts of them at once,
     * each part from its own point of the generator ({@link Rng#ahead}), with the same numbers.
     */
    default Storage normal(Rng rng, int n, float mean, float std) {
        return fromArray(rng.normal(n, mean, std));
    }

    /** The elements of {@code x} in row-major order, copied into a new host array. */
    float[] toArray(Tensor x);

    /** {@code out[i] = value} for every index. */
    void fill(Tensor out, float value);

    /** {@code out[i] = x[i]}; same shapes. */
    void copy(Tensor x, Tensor out);

    /** {@code out[i] = op(x[i])}; same shapes. */
    void unary(UnaryOp op, Tensor x, Tensor out);

    /** {@code out[i] = op(a[i], b[i])}; same shapes (broadcast operands arrive expanded, with stride 0). */
    void binary(BinaryOp op, Tensor a, Tensor b, Tensor out);

    /**
     * Reduces {@code x} along every axis where {@code out} has size 1 and {@code x} does not:
     * {@code out[j] = fold(op, x[i] for every i that maps to j)}. {@code out} has the rank of {@code x}.
     */
    void reduce(ReduceOp op, Tensor x, Tensor out);

    /**
     * {@code out[j] = the first index along axis where x is largest}, stored as a float;
     * {@code out} has the rank of {@code x} with size 1 along {@code axis}.
     */
    void argmax(Tensor x, int axis, Tensor out);

    /**
     * {@code out[b, i, j] (+)= sum_p a[b, i, p] * b[b, p, j]} for rank-3 operands {@code [batch, m, k] @ [batch, k, n]}.
     * A transposed operand is just a view with swapped strides: backends read it in place, never copy it first.
     *
     * @param accumulate add into {@code out} instead of overwriting it (gradients accumulate this way)
     */
    void matmul(Tensor a, Tensor b, Tensor out, boolean accumulate);

    /**
     * {@code out = a @ b + c}, the product as in {@link #matmul} and {@code c} already expanded to the shape of
     * {@code out} (a linear layer's bias: strides 0, 0, 1). The default is the product, then a pass that adds
     * {@code c}; a backend may add it while it writes the product instead, with the same result.
     */
    default void addmm(Tensor a, Tensor b, Tensor c, Tensor out) {
        matmul(a, b, out, false);
        binary(BinaryOp.ADD, out, c, out);
    }

    /**
     * One kernel of the {@link Fused} family on {@code tensors} (dense, of one shape, in the order its
     * {@link Fused.Kernel} names them) with its scalar {@code parameters}. {@code ReferenceBackend}'s loop for each
     * kernel is its definition.
     */
    void fused(Fused.Kernel kernel, Tensor[] tensors, float... parameters);
}

package io.jgrad.core;

/**
 * The fused kernels: formulas that gradient rules, losses and the optimiser would otherwise compose from several
 * primitive ops, each computed here in one pass over memory. A backend implements the primitives of {@link Backend}
 * (fill, copy, unary, binary, reduce, argmax, matmul) plus this one family, through {@link Backend#fused}.
 *
 * <p>Each kernel's formula is defined once, by its loop in {@code ReferenceBackend#fused}; the fast and CUDA kernels
 * are tested against that loop. The methods here are the entry points: they check shapes and hand the backend dense
 * tensors of one shape, so no backend needs a strided or broadcast path for them.
 */
public final class Fused {
    private Fused() {
    }

    /** The members of the family, as a backend receives them. */
    public enum Kernel {
        /** Tensors (y, g, out): the gradient through a sigmoid, from its output y and the output's gradient g. */
        SIGMOID_BACKWARD,
        /** Tensors (y, g, out): the gradient through a ReLU, from its output y and the output's gradient g. */
        RELU_BACKWARD,
        /** Tensors (p, t, out): binary cross-entropy of the probability p against the target t, elementwise. */
        BINARY_CROSS_ENTROPY,
        /** Tensors (p, t, out), out of one element: the sum of {@link #BINARY_CROSS_ENTROPY}'s terms. */
        BINARY_CROSS_ENTROPY_SUM,
        /** Tensors (p, t, out): the derivative of {@link #BINARY_CROSS_ENTROPY} with respect to p. */
        BINARY_CROSS_ENTROPY_BACKWARD,
        /** Tensors (p, g, m, v), updated in place; parameters (beta1, beta2, eps, stepSize, biasRoot). */
        ADAM_STEP
    }

    /** {@code g y (1 - y)}: the gradient through {@code y = sigmoid(x)}. */
    public static Tensor sigmoidBackward(Tensor y, Tensor g) {
        return pointwise(Kernel.SIGMOID_BACKWARD, y, g);
    }

    /** {@code g where y > 0, else 0}: the gradient through {@code y = relu(x)}. */
    public static Tensor reluBackward(Tensor y, Tensor g) {
        return pointwise(Kernel.RELU_BACKWARD, y, g);
    }

    /**
     * {@code -(t ln p + (1 - t) ln(1 - p))}, one term per element. NOTE: each logarithm is clamped at -100, as in
     * PyTorch, so a prediction of exactly 0 or 1 gives a finite loss.
     */
    public static Tensor binaryCrossEntropy(Tensor p, Tensor t) {
        return pointwise(Kernel.BINARY_CROSS_ENTROPY, p, t);
    }

    /**
     * The sum of {@link #binaryCrossEntropy}'s terms, as a rank-0 tensor, without the terms being written: a loss
     * that is summed or averaged needs no [batch, pixels] tensor of them, nor a second pass to add them up. The
     * order of the additions is the backend's, fixed from run to run (it may differ from {@code terms.sum()}'s).
     */
    public static Tensor binaryCrossEntropySum(Tensor p, Tensor t) {
        check("binary_cross_entropy_sum", p, t);
        Tensor out = p.emptyLike(Shape.of());
        p.backend().fused(Kernel.BINARY_CROSS_ENTROPY_SUM, new Tensor[] {p.contiguous(), t.contiguous(), out});
        return out;
    }

    /**
     * {@code (p - t) / max(p (1 - p), 1e-12)}: d/dp of {@link #binaryCrossEntropy}. NOTE: the floor on the
     * denominator, as in PyTorch, keeps the gradient finite (huge) at p = 0 or 1.
     */
    public static Tensor binaryCrossEntropyBackward(Tensor p, Tensor t) {
        return pointwise(Kernel.BINARY_CROSS_ENTROPY_BACKWARD, p, t);
    }

    /**
     * One Adam update of a parameter {@code p} from its gradient {@code g}, in place on {@code p} and the moments
     * {@code m} and {@code v} (all of one shape). {@code stepSize = lr / (1 - beta1^t)} and
     * {@code biasRoot = sqrt(1 - beta2^t)} are computed once per step by the optimiser.
     */
    public static void adamStep(Tensor p, Tensor g, Tensor m, Tensor v, float beta1, float beta2, float eps,
                                float stepSize, float biasRoot) {
        Tensor[] tensors = {p, g, m, v};
        Tensor[] dense = new Tensor[tensors.length];
        for (int i = 0; i < tensors.length; i++) {
            check("adamStep", p, tensors[i]);
            dense[i] = tensors[i].contiguous();
        }
        for (Tensor written : new Tensor[] {p, m, v}) {
            written.writable("adamStep");
        }
        p.backend().fused(Kernel.ADAM_STEP, dense, beta1, beta2, eps, stepSize, biasRoot);
        for (int i : new int[] {0, 2, 3}) {          // p, m and v were written: copy back any that were not dense
            if (dense[i] != tensors[i]) {
                tensors[i].copyInPlace(dense[i]);
            }
        }
    }

    private static Tensor pointwise(Kernel kernel, Tensor a, Tensor b) {
        String op = TensorFormat.label(kernel);
        check(op, a, b);
        Tensor out = a.emptyLike(a.shape());
        a.backend().fused(kernel, new Tensor[] {a.contiguous(), b.contiguous(), out});
        return out;
    }

    private static void check(String op, Tensor first, Tensor other) {
        if (!other.shape().equals(first.shape())) {
            throw new IllegalArgumentException(op + ": shapes " + first.shape() + " and " + other.shape()
                    + " differ; a fused kernel takes tensors of one shape");
        }
        first.sameBackend(op, other);
    }
}

package io.jgrad.autograd;

import io.jgrad.core.Shape;
import io.jgrad.core.Tensor;

/**
 * Matrix products. For Z = A B the chain rule gives dL/dA = G B^T and dL/dB = A^T G, where G = dL/dZ;
 * the transposes are views, so the backward products read their operands in place.
 */
public final class MatrixOps {
    private MatrixOps() {
    }

    /**
     * Z = A B for {@code [m, k] @ [k, n]}, or batched {@code [batch, m, k] @ [batch, k, n]}.
     * dL/dA = G B^T, dL/dB = A^T G.
     *
     * <p>A batch of 1 broadcasts against the other operand's batch: it is {@link ShapeOps#expand expanded} on the
     * tape first, so expand's rule sums its gradient over the batch and the rules here see equal batches.
     */
    public static Variable matmul(Variable a, Variable b) {
        if (a.shape().rank() != b.shape().rank()) {
            throw new IllegalArgumentException("matmul: " + a.shape() + " @ " + b.shape()
                    + ": operands of a differentiable matmul must have the same rank");
        }
        if (a.shape().rank() == 3 && (a.shape().size(0) == 1 || b.shape().size(0) == 1)) {
            int batch = Math.max(a.shape().size(0), b.shape().size(0));
            a = ShapeOps.expand(a, Shape.of(batch, a.shape().size(1), a.shape().size(2)));
            b = ShapeOps.expand(b, Shape.of(batch, b.shape().size(1), b.shape().size(2)));
        }
        Tensor av = a.value();
        Tensor bv = b.value();
        return Tape.record("matmul", av.matmul(bv),
                a, g -> g.matmul(bv.transpose(-1, -2)),
                b, g -> av.transpose(-1, -2).matmul(g));
    }
}

package io.jgrad.autograd;

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
     */
    public static Variable matmul(Variable a, Variable b) {
        Tensor av = a.value();
        Tensor bv = b.value();
        if (av.rank() != bv.rank()) {
            throw new IllegalArgumentException("matmul: " + av.shape() + " @ " + bv.shape()
                    + ": operands of a differentiable matmul must have the same rank");
        }
        return Tape.record("matmul", av.matmul(bv),
                a, g -> g.matmul(bv.transpose(-1, -2)),
                b, g -> av.transpose(-1, -2).matmul(g));
    }
}

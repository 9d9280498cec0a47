package io.jgrad.core;

/** Shape checking for {@link Tensor#matmul}: 2-D products are batched products with a batch of one. */
final class MatmulShapes {
    private MatmulShapes() {
    }

    static Tensor matmul(Tensor a, Tensor b, Tensor out, boolean accumulate) {
        if (a.rank() < 2 || a.rank() > 3 || b.rank() < 2 || b.rank() > 3) {
            throw new IllegalArgumentException("matmul: " + a.shape() + " @ " + b.shape()
                    + ": operands must be 2-D matrices or 3-D batches of matrices");
        }
        int m = a.size(-2);
        int k = a.size(-1);
        int n = b.size(-1);
        if (b.size(-2) != k) {
            throw new IllegalArgumentException("matmul: " + a.shape() + " @ " + b.shape()
                    + ": inner sizes " + k + " and " + b.size(-2) + " differ");
        }
        boolean batched = a.rank() == 3 || b.rank() == 3;
        Tensor a3 = a.rank() == 3 ? a : a.unsqueeze(0);
        Tensor b3 = b.rank() == 3 ? b : b.unsqueeze(0);
        int batch = a3.size(0) == 1 ? b3.size(0) : a3.size(0);
        if (a3.size(0) != batch && a3.size(0) != 1 || b3.size(0) != batch && b3.size(0) != 1) {
            throw new IllegalArgumentException("matmul: " + a.shape() + " @ " + b.shape()
                    + ": batch sizes " + a3.size(0) + " and " + b3.size(0) + " differ");
        }
        Shape result = batched ? Shape.of(batch, m, n) : Shape.of(m, n);
        if (out == null) {
            out = a.emptyLike(result);
        } else if (!out.shape().equals(result)) {
            throw new IllegalArgumentException("matmul: " + a.shape() + " @ " + b.shape() + " is " + result
                    + " but the output has shape " + out.shape());
        }
        out.writable("matmul");
        for (Tensor operand : new Tensor[] {a, b}) {
            // A product reads each operand element many times, so even the same layout would be overwritten mid-way.
            if (operand.storage() == out.storage() && out.layout().firstSharedPosition(operand.layout()) >= 0) {
                throw new IllegalArgumentException("matmul: the output (" + out.layout() + ") shares storage with an"
                        + " operand (" + operand.layout() + "); write into another tensor");
            }
        }
        Tensor out3 = batched ? out : out.unsqueeze(0);
        a.backend().matmul(a3.expand(batch, m, k), b3.expand(batch, k, n), out3, accumulate);
        return out;
    }
}

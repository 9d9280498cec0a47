package io.jgrad.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jgrad.core.Tensor;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The SGEMM kernels against the reference backend: odd sizes (1, 17, 33, 65, 257, 1000) so that tiles are partial
 * and float4 chunks straddle edges, operands that are row-major, transposed, sliced at unaligned offsets or with no
 * unit stride at all (the fallback kernel), strided outputs, accumulation, and batches with a broadcast operand.
 */
abstract class MatmulChecks {
    protected abstract CudaBackend backend();

    /** {m, k, n}: every size in the list appears along every axis. */
    static final int[][] SIZES = {
        {1, 1, 1}, {17, 33, 65}, {65, 17, 33}, {33, 65, 17}, {1, 257, 33}, {257, 33, 1}, {33, 1, 257},
        {1000, 17, 33}, {17, 1000, 65}, {65, 33, 1000}, {128, 8, 128}, {129, 9, 131}};

    /** Ways to hold an [rows, cols] matrix; each takes a source with at least 2 * (rows + 3) * (cols + 3) values. */
    record Holding(String name, UnaryOperator<Tensor> view) {
    }

    static List<Holding> holdings(int rows, int cols) {
        return List.of(
                new Holding("row-major", t -> t.narrow(0, 0, rows * cols).reshape(rows, cols)),
                new Holding("transposed", t -> t.narrow(0, 0, rows * cols).reshape(cols, rows).t()),
                new Holding("sliced at an odd offset", t -> t.narrow(0, 0, (rows + 1) * (cols + 3)).reshape(rows + 1, cols + 3)
                        .narrow(0, 1, rows).narrow(1, 1, cols)),
                new Holding("transposed slice", t -> t.narrow(0, 0, (cols + 2) * (rows + 1)).reshape(cols + 2, rows + 1)
                        .narrow(0, 2, cols).narrow(1, 1, rows).t()),
                new Holding("no unit stride", t -> t.narrow(0, 0, rows * cols * 2).reshape(cols, rows, 2).select(2, 1).t()));
    }

    private Twin source(long seed, int rows, int cols) {
        return Twin.random(backend(), seed, -1f, 1f, 2 * (rows + 3) * (cols + 3));
    }

    /** NOTE: float sums of k products of values in [-1, 1], in different orders, differ by up to ~k ulp of k. */
    private static double tolerance(int k) {
        return 2e-6 * k + 1e-6;
    }

    @Test
    void everySizeAndEveryWayOfHoldingTheOperandsMatchesTheReference() {
        for (int[] size : SIZES) {
            int m = size[0];
            int k = size[1];
            int n = size[2];
            List<Holding> as = holdings(m, k);
            List<Holding> bs = holdings(k, n);
            for (int i = 0; i < as.size(); i++) {
                for (int j = 0; j < bs.size(); j++) {
                    if (m * k * n > 1_000_000 && i != j) {
                        continue;  // the largest sizes take the diagonal only, to keep the oracle quick
                    }
                    Twin a = source(i * 7L + j, m, k).map(as.get(i).view());
                    Twin b = source(i * 11L + j + 100, k, n).map(bs.get(j).view());
                    a.zip(b, Tensor::matmul).assertClose(0, tolerance(k), m + "x" + k + " (" + as.get(i).name()
                            + ") @ " + k + "x" + n + " (" + bs.get(j).name() + ")");
                }
            }
        }
    }

    @Test
    void theReadmeExampleGivesItsNumbers() {
        Tensor a = Tensor.of(backend(), new float[] {1, 2, 3, 4}, 2, 2);
        assertArrayEquals(new float[] {5, 11, 11, 25}, a.matmul(a.t()).toArray());
        assertEquals(Kernel.SGEMM_RC, GemmPlan.of(a.layout().unsqueeze(0), a.t().layout().unsqueeze(0),
                a.layout().unsqueeze(0), false).kernel);
    }

    @Test
    void bigSquareProductsMatch() {
        for (int size : new int[] {127, 257}) {
            Twin a = Twin.random(backend(), size, -1f, 1f, size, size);
            Twin b = Twin.random(backend(), size + 1, -1f, 1f, size, size);
            a.zip(b, Tensor::matmul).assertClose(0, tolerance(size), size + " squared");
            a.zip(b, (x, y) -> x.matmul(y.t())).assertClose(0, tolerance(size), size + " squared, B transposed");
        }
    }

    @Test
    void productsWriteIntoStridedOutputsAndAccumulate() {
        int m = 33;
        int k = 17;
        int n = 65;
        Twin a = Twin.random(backend(), 1, -1f, 1f, m, k);
        Twin b = Twin.random(backend(), 2, -1f, 1f, k, n);
        Twin out = Twin.random(backend(), 3, -1f, 1f, n, m).map(Tensor::t);
        productInto(a, b, out, false);
        out.assertClose(0, tolerance(k), "product into a transposed output");
        productInto(a, b, out, true);
        out.assertClose(0, 2 * tolerance(k), "accumulated into a transposed output");
        Twin wide = Twin.random(backend(), 4, -1f, 1f, m, n + 5);
        productInto(a, b, wide.map(t -> t.narrow(1, 3, n)), true);
        wide.assertClose(0, tolerance(k), "accumulated into a slice; the columns around it untouched");
    }

    private static void productInto(Twin a, Twin b, Twin out, boolean accumulate) {
        a.reference().matmulInto(b.reference(), out.reference(), accumulate);
        a.cuda().matmulInto(b.cuda(), out.cuda(), accumulate);
    }

    @Test
    void batchesMultiplyPairwiseAndBroadcastABatchOfOne() {
        Twin a = Twin.random(backend(), 5, -1f, 1f, 3, 17, 33);
        Twin b = Twin.random(backend(), 6, -1f, 1f, 3, 33, 9);
        a.zip(b, Tensor::matmul).assertClose(0, tolerance(33), "batched");
        Twin shared = Twin.random(backend(), 7, -1f, 1f, 33, 9);
        a.zip(shared, Tensor::matmul).assertClose(0, tolerance(33), "batch @ one matrix");
        Twin one = Twin.random(backend(), 8, -1f, 1f, 1, 17, 33);
        one.zip(b, Tensor::matmul).assertClose(0, tolerance(33), "batch of one @ batch");
        Twin c = Twin.random(backend(), 13, -1f, 1f, 3, 9, 17);
        a.zip(c, (x, y) -> x.transpose(1, 2).matmul(y.transpose(1, 2))).assertClose(0, tolerance(17), "transposed batches");
    }

    @Test
    void emptyProductsAreZeroOrLeaveTheOutputAlone() {
        Twin a = Twin.random(backend(), 9, -1f, 1f, 4, 0);
        Twin b = Twin.random(backend(), 10, -1f, 1f, 0, 5);
        a.zip(b, Tensor::matmul).assertSame("[4, 0] @ [0, 5] is zero");
        Twin c = Twin.random(backend(), 11, -1f, 1f, 0, 3);
        c.zip(Twin.random(backend(), 12, -1f, 1f, 3, 5), Tensor::matmul).assertSame("[0, 3] @ [3, 5] is empty");
    }
}

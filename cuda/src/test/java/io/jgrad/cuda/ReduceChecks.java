package io.jgrad.cuda;

import io.jgrad.core.Tensor;
import java.util.Arrays;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * SUM, MAX and argmax against the reference backend: every subset of axes of a permuted tensor (the general
 * kernel), rows of many lengths (the warp and block row kernels), NaN and ties.
 */
abstract class ReduceChecks {
    /** The row kernels add in a tree rather than left to right. */
    static final double SUM_REL = 1e-5;
    static final double SUM_ABS = 1e-5;

    protected abstract CudaBackend backend();

    @Test
    void sumAndMaxOverEverySubsetOfAxesOfAPermutedTensor() {
        Twin x = Twin.random(backend(), 1, -2f, 2f, 5, 3, 4, 2).map(t -> t.permute(2, 0, 3, 1));
        for (int mask = 1; mask < 16; mask++) {
            int[] axes = axesIn(mask);
            for (boolean keepDim : new boolean[] {true, false}) {
                String what = "axes " + Arrays.toString(axes) + (keepDim ? " kept" : "");
                x.map(t -> t.sum(keepDim, axes)).assertClose(SUM_REL, SUM_ABS, "sum over " + what);
                x.map(t -> t.max(keepDim, axes)).assertSame("max over " + what);
            }
        }
    }

    /** The axes whose bits are set in {@code mask}. */
    private static int[] axesIn(int mask) {
        return IntStream.range(0, 4).filter(axis -> (mask >> axis & 1) == 1).toArray();
    }

    @Test
    void rowsOfEveryLengthReduceOnTheRowKernels() {
        int[] lengths = {1, 2, 31, 32, 33, 100, 1000, ReducePlan.BLOCK_ROW_LENGTH, 5000};
        int[] rowCounts = {1, 7, 9};
        for (int cols : lengths) {
            for (int rows : rowCounts) {
                Twin x = Twin.random(backend(), cols * 31L + rows, -1f, 1f, rows, cols);
                String what = rows + " rows of " + cols;
                x.map(t -> t.sum(true, 1)).assertClose(SUM_REL, SUM_ABS * cols, "sum of " + what);
                x.map(t -> t.max(true, 1)).assertSame("max of " + what);
            }
        }
    }

    @Test
    void aRowReductionWritesIntoAStridedOutputPosition() {
        Twin x = Twin.random(backend(), 2, -1f, 1f, 6, 40).map(t -> t.narrow(0, 1, 4));
        x.map(t -> t.sum(false, 1)).assertClose(SUM_REL, SUM_ABS, "sum of rows at an offset");
        x.map(t -> t.t().max(false, 0)).assertSame("max down the columns of a transposed view");
    }

    @Test
    void sumOfEverythingMatches() {
        Twin x = Twin.random(backend(), 3, -1f, 1f, 300, 70);
        x.map(Tensor::sum).assertClose(SUM_REL, 1e-3, "sum of 21000 elements");
        x.map(Tensor::max).assertSame("max of 21000 elements");
        x.map(t -> t.mean(true, 0)).assertClose(SUM_REL, SUM_ABS, "mean over rows");
    }

    @Test
    void maxPropagatesNaNAsJavaDoes() {
        float[] values = {1f, Float.NaN, 3f, -1f, -0f, 0f, Float.NEGATIVE_INFINITY, 2f, 5f, Float.NaN, Float.NaN, 1f};
        Twin x = Twin.of(backend(), values, 3, 4);
        x.map(t -> t.max(true, 1)).assertSame("max along rows with NaN");
        x.map(t -> t.max(true, 0)).assertSame("max down columns with NaN");
        x.map(Tensor::max).assertSame("max of all with NaN");
    }

    @Test
    void argmaxTakesTheFirstLargestAndCountsNaNAsLargest() {
        float[] values = {1f, 3f, 3f, 0f, 2f, Float.NaN, 7f, Float.NaN, -1f, -1f, -1f, -1f};
        Twin x = Twin.of(backend(), values, 3, 4);
        for (int axis = 0; axis < 2; axis++) {
            int a = axis;
            x.map(t -> t.argmax(a, true)).assertSame("argmax along axis " + a);
        }
        Twin y = Twin.integers(backend(), 4, 0, 3, 4, 5, 6).map(t -> t.permute(2, 0, 1));
        for (int axis = 0; axis < 3; axis++) {
            int a = axis;
            y.map(t -> t.argmax(a, false)).assertSame("argmax with ties along axis " + a + " of a permuted tensor");
        }
    }

    @Test
    void reducingAnEmptyAxisGivesTheIdentityAndSingletonAxesCopy() {
        Twin empty = Twin.random(backend(), 5, -1f, 1f, 3, 0);
        empty.map(t -> t.sum(true, 1)).assertSame("sum over an empty axis");
        Twin x = Twin.random(backend(), 6, -1f, 1f, 3, 1, 4);
        x.map(t -> t.sum(true, 1)).assertSame("sum over a size-1 axis");
    }

    @Test
    void reducingARank8TensorSplitsItsKeptAxes() {
        Twin x = Twin.random(backend(), 7, -1f, 1f, 2, 3, 2, 3, 2, 3, 2, 5).map(t -> t.permute(7, 5, 3, 1, 0, 2, 4, 6));
        x.map(t -> t.sum(true, 1)).assertClose(SUM_REL, SUM_ABS, "sum over one axis of a rank-8 permuted view");
        x.map(t -> t.max(true, 0, 2)).assertSame("max over two axes of a rank-8 permuted view");
    }
}

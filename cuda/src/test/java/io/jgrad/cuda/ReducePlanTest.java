package io.jgrad.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jgrad.core.Layout;
import io.jgrad.core.Shape;
import org.junit.jupiter.api.Test;

/** Which reductions take the row kernels, and how the kept and reduced axes are split. */
class ReducePlanTest {

    private static Layout dense(int... sizes) {
        return Layout.contiguous(Shape.of(sizes));
    }

    @Test
    void reducingTheLastAxisOfAContiguousTensorIsRows() {
        ReducePlan plan = ReducePlan.of(dense(7, 30), dense(7, 1));
        assertTrue(plan.isRows());
        assertEquals(7, plan.rows());
        assertEquals(30, plan.cols());
        assertEquals(30, plan.rowStride(0));
        assertEquals(1, plan.rowStride(1));
        assertEquals(Kernel.REDUCE_ROWS_WARP, plan.rowKernel());
    }

    @Test
    void reducingEverythingIsOneRowOnTheBlockKernelWhenLong() {
        ReducePlan plan = ReducePlan.of(dense(300, 70), dense(1, 1));
        assertTrue(plan.isRows());
        assertEquals(1, plan.rows());
        assertEquals(21000, plan.cols());
        assertEquals(Kernel.REDUCE_ROWS_BLOCK, plan.rowKernel());
    }

    @Test
    void trailingAxesMergeIntoOneRow() {
        ReducePlan plan = ReducePlan.of(dense(4, 5, 6), dense(4, 1, 1));
        assertTrue(plan.isRows());
        assertEquals(30, plan.cols());
    }

    @Test
    void reducingALeadingOrStridedAxisTakesTheGeneralKernel() {
        assertFalse(ReducePlan.of(dense(7, 30), dense(1, 30)).isRows(), "down the columns");
        Layout transposed = dense(30, 7).transpose(0, 1);
        assertFalse(ReducePlan.of(transposed, dense(7, 1)).isRows(), "rows with stride 7");
        ReducePlan middle = ReducePlan.of(dense(4, 5, 6), dense(4, 1, 6));
        assertFalse(middle.isRows());
        assertEquals(2, middle.kept.rank());
        assertEquals(1, middle.reduced.rank());
        assertEquals(6, middle.reduced.stride(0, 0));
    }

    @Test
    void theReducedHalfHasOffsetZeroAndTheKeptHalfCarriesBothOffsets() {
        Layout x = dense(10, 8).narrow(0, 2, 5);
        Layout out = Layout.of(Shape.of(5, 1), new int[] {1, 1}, 3);
        ReducePlan plan = ReducePlan.of(x, out);
        assertEquals(16, plan.kept.offset(0));
        assertEquals(3, plan.kept.offset(1));
        assertEquals(0, plan.reduced.offset(0));
    }

    @Test
    void nothingToReduceIsAGeneralLaunchThatFoldsOneElement() {
        ReducePlan plan = ReducePlan.of(dense(3, 1, 4), dense(3, 1, 4));
        assertFalse(plan.isRows());
        assertEquals(0, plan.reduced.rank());
        assertEquals(1, plan.reduced.numel());
    }
}

package io.jgrad.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jgrad.core.Layout;
import io.jgrad.core.Shape;
import org.junit.jupiter.api.Test;

/** Which SGEMM kernel each combination of strides gets, when float4 is allowed, and the packed Gemm struct. */
class GemmPlanTest {

    /** A [1, rows, cols] view of a row-major matrix. */
    private static Layout rowMajor(int rows, int cols) {
        return Layout.contiguous(Shape.of(rows, cols)).unsqueeze(0);
    }

    /** A [1, rows, cols] view of the transpose of a row-major [cols, rows] matrix. */
    private static Layout transposed(int rows, int cols) {
        return Layout.contiguous(Shape.of(cols, rows)).transpose(0, 1).unsqueeze(0);
    }

    private static GemmPlan plan(Layout a, Layout b, int m, int n) {
        return GemmPlan.of(a, b, rowMajor(m, n), false);
    }

    @Test
    void eachOperandsUnitStrideChoosesTheVariant() {
        assertEquals(Kernel.SGEMM_RR, plan(rowMajor(64, 32), rowMajor(32, 16), 64, 16).kernel);
        assertEquals(Kernel.SGEMM_RC, plan(rowMajor(64, 32), transposed(32, 16), 64, 16).kernel);
        assertEquals(Kernel.SGEMM_CR, plan(transposed(64, 32), rowMajor(32, 16), 64, 16).kernel);
        assertEquals(Kernel.SGEMM_CC, plan(transposed(64, 32), transposed(32, 16), 64, 16).kernel);
    }

    @Test
    void anOperandWithoutAUnitStrideTakesTheFallback() {
        Layout everyOther = Layout.contiguous(Shape.of(32, 16, 2)).select(2, 0).unsqueeze(0);  // strides [_, 32, 2]
        GemmPlan plan = plan(rowMajor(64, 32), everyOther, 64, 16);
        assertEquals(Kernel.SGEMM_STRIDED, plan.kernel);
        assertEquals(new Device.Grid(1, 4, 1, 16, 16), plan.grid);
        assertEquals(0, plan.args[5] + plan.args[6] + plan.args[7], "the fallback never vectorises");
    }

    @Test
    void alignedOperandsGetFloat4AndUnalignedOnesDoNot() {
        GemmPlan aligned = plan(rowMajor(64, 32), rowMajor(32, 16), 64, 16);
        assertArrayEquals(new int[] {1, 1, 1}, new int[] {aligned.args[5], aligned.args[6], aligned.args[7]});
        GemmPlan oddLeadingStride = plan(rowMajor(64, 33), rowMajor(33, 17), 64, 17);
        assertArrayEquals(new int[] {0, 0, 0}, new int[] {oddLeadingStride.args[5], oddLeadingStride.args[6],
            oddLeadingStride.args[7]}, "rows of 33 and 17 floats start at unaligned addresses");
        Layout slice = Layout.contiguous(Shape.of(65, 36)).narrow(0, 1, 64).narrow(1, 2, 32).unsqueeze(0);
        assertEquals(0, plan(slice, rowMajor(32, 16), 64, 16).args[5], "offset 38 is not a multiple of 4");
        Layout alignedSlice = Layout.contiguous(Shape.of(65, 36)).narrow(0, 1, 64).narrow(1, 4, 32).unsqueeze(0);
        assertEquals(1, plan(alignedSlice, rowMajor(32, 16), 64, 16).args[5], "offset 40 is");
    }

    @Test
    void stridesOfSizeOneAxesDoNotMatter() {
        Layout column = Layout.of(Shape.of(1, 40, 1), new int[] {0, 1, 7}, 0);   // [40, 1] with a junk column stride
        Layout row = Layout.of(Shape.of(1, 1, 24), new int[] {0, 5, 1}, 0);      // [1, 24]
        GemmPlan outer = GemmPlan.of(column, row, rowMajor(40, 24), false);
        assertEquals(Kernel.SGEMM_RR, outer.kernel, "an outer product is a row-major product with k = 1");
        assertEquals(1, outer.args[6], "B's single row is aligned whatever its row stride");
    }

    @Test
    void theGridCoversEveryTileAndBatchesBeyondTheLimitLoop() {
        GemmPlan plan = GemmPlan.of(Layout.contiguous(Shape.of(70000, 257, 3)),
                Layout.contiguous(Shape.of(3, 100)).unsqueeze(0).expand(Shape.of(70000, 3, 100)),
                Layout.contiguous(Shape.of(70000, 257, 100)), true);
        assertEquals(new Device.Grid(1, 3, GemmPlan.MAX_GRID_Z, 256, 1), plan.grid);
        assertEquals(0, plan.args[12 + 1], "B's batch stride is 0: one matrix for every batch");
    }

    @Test
    void theGemmStructIsPackedInDeclarationOrder() {
        Layout a = Layout.of(Shape.of(2, 3, 4), new int[] {12, 4, 1}, 8);
        Layout b = Layout.of(Shape.of(2, 4, 5), new int[] {20, 1, 4}, 0);
        Layout c = Layout.contiguous(Shape.of(2, 3, 5));
        GemmPlan plan = GemmPlan.of(a, b, c, true);
        assertEquals(Kernel.SGEMM_RC, plan.kernel);
        assertArrayEquals(new int[] {2, 3, 5, 4, 1, 1, 1, 0, 8, 12, 4, 1, 0, 20, 1, 4, 0, 15, 5, 1}, plan.args,
                "batch, m, n, k, accumulate, vector a/b/c, then {offset, batch, rows, cols} of a, b, c");
    }

    @Test
    void mismatchedShapesAreRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> GemmPlan.of(rowMajor(3, 4), rowMajor(5, 6), rowMajor(3, 6), false));
    }
}

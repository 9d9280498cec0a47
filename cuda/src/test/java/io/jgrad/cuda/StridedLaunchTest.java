package io.jgrad.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jgrad.core.Layout;
import io.jgrad.core.Rng;
import io.jgrad.core.Shape;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How layouts become kernel arguments: merging axes, dense detection, splitting, and the packed structs. */
class StridedLaunchTest {

    /** Every position a launch reaches, in row-major order of its index, for one operand. */
    static List<Integer> positions(StridedLaunch launch, int operand) {
        List<Integer> result = new ArrayList<>();
        int[] index = new int[launch.rank()];
        for (long n = 0; n < launch.numel(); n++) {
            int position = launch.offset(operand);
            for (int axis = 0; axis < launch.rank(); axis++) {
                position += index[axis] * launch.stride(operand, axis);
            }
            result.add(position);
            for (int axis = launch.rank() - 1; axis >= 0 && ++index[axis] == launch.size(axis); axis--) {
                index[axis] = 0;
            }
        }
        return result;
    }

    static List<Integer> positions(Layout layout) {
        List<Integer> result = new ArrayList<>();
        for (int i = 0; i < layout.numel(); i++) {
            result.add(layout.positionOf(i));
        }
        return result;
    }

    @Test
    void aContiguousTensorOfAnyShapeBecomesOneDenseAxis() {
        StridedLaunch launch = StridedLaunch.of(Layout.contiguous(Shape.of(2, 3, 4, 5))).coalesce();
        assertEquals(1, launch.rank());
        assertEquals(120, launch.size(0));
        assertTrue(launch.isDense());
    }

    @Test
    void aTransposeStaysTwoAxesAndIsNotDense() {
        Layout t = Layout.contiguous(Shape.of(3, 4)).transpose(0, 1);
        StridedLaunch launch = StridedLaunch.of(t, Layout.contiguous(Shape.of(4, 3))).coalesce();
        assertEquals(2, launch.rank());
        assertFalse(launch.isDense());
    }

    @Test
    void axesMergeOnlyWhereEveryOperandAllowsIt() {
        Layout a = Layout.contiguous(Shape.of(4, 5, 6));
        Layout b = Layout.contiguous(Shape.of(5, 1)).expand(Shape.of(4, 5, 6));  // strides [0, 1, 0]
        StridedLaunch launch = StridedLaunch.of(a, b).coalesce();
        assertEquals(3, launch.rank(), "the broadcast operand breaks both merges");
        Layout c = Layout.contiguous(Shape.of(6)).expand(Shape.of(4, 5, 6));     // strides [0, 0, 1]
        StridedLaunch merged = StridedLaunch.of(Layout.contiguous(Shape.of(4, 5, 6)), c).coalesce();
        assertEquals(2, merged.rank(), "[4, 5] merges for both operands: 20 rows of 6");
    }

    @Test
    void coalescingNeverChangesWhichPositionsAreVisited() {
        Rng rng = new Rng(7);
        for (int trial = 0; trial < 300; trial++) {
            int rank = 1 + (int) (rng.nextFloat() * 5);
            int[] sizes = new int[rank];
            for (int axis = 0; axis < rank; axis++) {
                sizes[axis] = 1 + (int) (rng.nextFloat() * 4);
            }
            Layout base = Layout.contiguous(Shape.of(sizes));
            Layout permuted = base.permute(rng.permutation(rank));
            Layout dense = Layout.contiguous(permuted.shape());
            Layout narrowed = Layout.contiguous(Shape.of(sizes[0] + 2)).narrow(0, 1, sizes[0])
                    .unsqueeze(1).expand(Shape.of(sizes[0], sizes.length > 1 ? sizes[1] : 1));
            StridedLaunch launch = StridedLaunch.of(permuted, dense);
            StridedLaunch simple = launch.coalesce();
            assertEquals(positions(permuted), positions(simple, 0), "trial " + trial + ": " + simple);
            assertEquals(positions(dense), positions(simple, 1), "trial " + trial + ": " + simple);
            StridedLaunch broadcast = StridedLaunch.of(narrowed, Layout.contiguous(narrowed.shape())).coalesce();
            assertEquals(positions(narrowed), positions(broadcast, 0), "trial " + trial + ": " + broadcast);
        }
    }

    @Test
    void splittingARank8LayoutCoversTheSamePositionsInOrder() {
        Layout reversed = Layout.contiguous(Shape.of(2, 3, 2, 2, 3, 2, 2, 5)).permute(7, 6, 5, 4, 3, 2, 1, 0);
        StridedLaunch launch = StridedLaunch.of(reversed).coalesce();
        assertEquals(8, launch.rank(), "a reversed layout has nothing to merge");
        List<StridedLaunch> parts = launch.split(StridedLaunch.MAX_RANK);
        assertEquals(5 * 2, parts.size(), "one launch per index of the two leading axes");
        List<Integer> visited = new ArrayList<>();
        for (StridedLaunch part : parts) {
            assertEquals(StridedLaunch.MAX_RANK, part.rank());
            visited.addAll(positions(part, 0));
        }
        assertEquals(positions(reversed), visited);
    }

    @Test
    void structsArePackedFieldByFieldAsCommonCuhDeclaresThem() {
        Layout x = Layout.of(Shape.of(3, 4), new int[] {1, 3}, 5);
        StridedLaunch launch = StridedLaunch.of(x);
        assertArrayEquals(new int[] {2, 3, 4, 1, 1, 1, 1}, launch.dims(), "Dims {rank, sizes[6]}, padded with 1");
        assertArrayEquals(new int[] {5, 1, 3, 0, 0, 0, 0}, launch.strides(0), "Strides {offset, strides[6]}, padded with 0");
        StridedLaunch scalar = StridedLaunch.of(Layout.contiguous(Shape.of())).coalesce();
        assertEquals(0, scalar.rank());
        assertTrue(scalar.isDense());
        assertArrayEquals(new int[] {0, 1, 1, 1, 1, 1, 1}, scalar.dims());
    }

    @Test
    void packingARankAboveTheKernelLimitIsAnError() {
        Layout big = Layout.contiguous(Shape.of(2, 2, 2, 2, 2, 2, 2)).permute(6, 5, 4, 3, 2, 1, 0);
        StridedLaunch launch = StridedLaunch.of(big).coalesce();
        assertThrows(IllegalStateException.class, launch::dims);
    }

    @Test
    void operandsOfDifferentShapesAreRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> StridedLaunch.of(Layout.contiguous(Shape.of(2, 3)), Layout.contiguous(Shape.of(3, 2))));
    }
}

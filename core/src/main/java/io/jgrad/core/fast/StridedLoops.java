package io.jgrad.core.fast;

import io.jgrad.core.Layout;
import io.jgrad.core.Shape;
import java.util.Arrays;

/**
 * The general strided walker: up to three operands of one shape, walked as the fewest runs along one innermost axis.
 *
 * <p>Invariant: after construction the axes are reordered (largest stride of the lead operand outermost), size-1
 * axes are dropped, and adjacent axes that are contiguous relative to each other in every operand are merged. What
 * is left is at least one axis; {@link #forEachRun} visits every index exactly once, as runs of {@link #innerSize}
 * elements, advancing an odometer over the outer axes with additions only (no division per element).
 */
final class StridedLoops {

    /** One run of the innermost axis: its first position in each operand (0 for operands that are absent). */
    interface Run {
        void at(int p0, int p1, int p2);
    }

    private static final int OPERANDS = 3;

    private final int[] sizes;
    private final int[][] strides;
    private final int[] offsets = new int[OPERANDS];
    private final boolean empty;

    private StridedLoops(int[] sizes, int[][] strides, boolean empty) {
        this.sizes = sizes;
        this.strides = strides;
        this.empty = empty;
    }

    /**
     * The walk over {@code shape} through each layout (all of that shape). The first layout leads the axis order:
     * its strides decide which axis is innermost, so the output (or the reduced input) is walked densely.
     */
    static StridedLoops of(Shape shape, Layout... layouts) {
        int rank = shape.rank();
        int[][] raw = new int[OPERANDS][];
        for (int k = 0; k < OPERANDS; k++) {
            raw[k] = k < layouts.length ? layouts[k].strides() : new int[rank];
        }
        int[] order = axisOrder(shape, raw[0]);
        int[] sizes = new int[Math.max(order.length, 1)];
        int[][] strides = new int[OPERANDS][sizes.length];
        sizes[0] = 1;
        int merged = 0;
        for (int axis : order) {
            int size = shape.size(axis);
            if (merged > 0 && mergesInto(raw, axis, size, strides, merged - 1)) {
                sizes[merged - 1] *= size;
                for (int k = 0; k < OPERANDS; k++) {
                    strides[k][merged - 1] = raw[k][axis];
                }
            } else {
                sizes[merged] = size;
                for (int k = 0; k < OPERANDS; k++) {
                    strides[k][merged] = raw[k][axis];
                }
                merged++;
            }
        }
        int kept = Math.max(merged, 1);
        int[][] trimmed = new int[OPERANDS][];
        for (int k = 0; k < OPERANDS; k++) {
            trimmed[k] = Arrays.copyOf(strides[k], kept);
        }
        StridedLoops walk = new StridedLoops(Arrays.copyOf(sizes, kept), trimmed, shape.numel() == 0);
        for (int k = 0; k < layouts.length; k++) {
            walk.offsets[k] = layouts[k].offset();
        }
        return walk;
    }

    /** An outer axis merges with the next inner one when, in every operand, it steps exactly over the inner run. */
    private static boolean mergesInto(int[][] raw, int innerAxis, int innerSize, int[][] strides, int outer) {
        for (int k = 0; k < OPERANDS; k++) {
            if ((long) raw[k][innerAxis] * innerSize != strides[k][outer]) {
                return false;
            }
        }
        return true;
    }

    /**
     * The axes of size other than 1, outermost first: by decreasing stride of the lead operand, stable, with its
     * broadcast (stride-0) axes outermost so the innermost run moves through memory whenever it can.
     */
    private static int[] axisOrder(Shape shape, int[] lead) {
        int count = 0;
        int[] order = new int[shape.rank()];
        for (int axis = 0; axis < shape.rank(); axis++) {
            if (shape.size(axis) != 1) {
                int key = sortKey(lead[axis]);
                int at = count++;
                while (at > 0 && sortKey(lead[order[at - 1]]) < key) {
                    order[at] = order[at - 1];
                    at--;
                }
                order[at] = axis;
            }
        }
        return Arrays.copyOf(order, count);
    }

    private static int sortKey(int stride) {
        return stride == 0 ? Integer.MAX_VALUE : stride;
    }

    /** The length of every run. */
    int innerSize() {
        return sizes[sizes.length - 1];
    }

    /** The stride of {@code operand} along the runs. */
    int innerStride(int operand) {
        return strides[operand][sizes.length - 1];
    }

    /** True when the whole walk is one run: a dense or uniformly strided operand set. */
    boolean isSingleRun() {
        return sizes.length == 1;
    }

    /** Calls {@code run} once per run, outer axes in row-major order of the reordered axes. */
    void forEachRun(Run run) {
        if (empty) {
            return;
        }
        int outerRank = sizes.length - 1;
        int[] s0 = strides[0];
        int[] s1 = strides[1];
        int[] s2 = strides[2];
        int[] index = new int[outerRank];
        int p0 = offsets[0];
        int p1 = offsets[1];
        int p2 = offsets[2];
        while (true) {
            run.at(p0, p1, p2);
            int axis = outerRank - 1;
            while (axis >= 0 && index[axis] == sizes[axis] - 1) {
                int back = sizes[axis] - 1;
                p0 -= back * s0[axis];
                p1 -= back * s1[axis];
                p2 -= back * s2[axis];
                index[axis--] = 0;
            }
            if (axis < 0) {
                return;
            }
            index[axis]++;
            p0 += s0[axis];
            p1 += s1[axis];
            p2 += s2[axis];
        }
    }
}

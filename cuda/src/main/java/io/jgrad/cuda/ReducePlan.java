package io.jgrad.cuda;

import io.jgrad.core.Layout;

/**
 * How a reduction of {@code x} into {@code out} (same rank, size 1 along the reduced axes) reaches the kernels:
 * the kept axes, walked by {@code x} and {@code out} together, and the reduced axes, walked by {@code x} alone.
 * Both halves are coalesced. When only one dense axis is reduced and at most one axis is kept, the reduction is
 * a set of rows and the warp-shuffle row kernels apply.
 *
 * <p>Invariant: {@code kept} has operands (x, out) over out's shape, with x's offset; {@code reduced} has the
 * single operand x over the reduced sizes, with offset 0, so an element's position is the sum of the two.
 */
final class ReducePlan {
    /** Rows at least this long get a whole block each rather than a warp. */
    static final int BLOCK_ROW_LENGTH = 2048;

    final StridedLaunch kept;
    final StridedLaunch reduced;

    private ReducePlan(StridedLaunch kept, StridedLaunch reduced) {
        this.kept = kept;
        this.reduced = reduced;
    }

    static ReducePlan of(Layout x, Layout out) {
        if (x.rank() != out.rank()) {
            throw new IllegalArgumentException("cuda: reduce from " + x.shape() + " into " + out.shape()
                    + ": ranks differ");
        }
        int rank = x.rank();
        int[] xStrides = x.strides();
        int reducedRank = 0;
        for (int axis = 0; axis < rank; axis++) {
            int from = x.shape().size(axis);
            int to = out.shape().size(axis);
            if (to != from && to != 1) {
                throw new IllegalArgumentException("cuda: reduce from " + x.shape() + " into " + out.shape()
                        + ": size " + to + " along axis " + axis + " is neither " + from + " nor 1");
            }
            if (to != from) {
                reducedRank++;
            }
        }
        int[] reducedSizes = new int[reducedRank];
        int[] reducedStrides = new int[reducedRank];
        for (int axis = 0, r = 0; axis < rank; axis++) {
            if (out.shape().size(axis) != x.shape().size(axis)) {
                reducedSizes[r] = x.shape().size(axis);
                reducedStrides[r++] = xStrides[axis];
            }
        }
        StridedLaunch kept = StridedLaunch.of(out.shape().sizes(), new int[][] {xStrides, out.strides()},
                new int[] {x.offset(), out.offset()}).coalesce();
        StridedLaunch reduced = StridedLaunch.of(reducedSizes, new int[][] {reducedStrides}, new int[] {0}).coalesce();
        if (reduced.rank() > StridedLaunch.MAX_RANK) {
            throw new UnsupportedOperationException("cuda: reducing " + x + " leaves " + reduced.rank()
                    + " reduced axes that cannot be merged; the kernels take at most " + StridedLaunch.MAX_RANK);
        }
        return new ReducePlan(kept, reduced);
    }

    /** True when the reduction is {@link #rows()} rows of {@link #cols()} elements at stride 1 each. */
    boolean isRows() {
        return kept.rank() <= 1 && reduced.rank() == 1 && reduced.stride(0, 0) == 1;
    }

    int rows() {
        return kept.rank() == 0 ? 1 : kept.size(0);
    }

    int cols() {
        return reduced.size(0);
    }

    /** The distance between row starts, in x (operand 0) or out (operand 1). */
    int rowStride(int operand) {
        return kept.rank() == 0 ? 0 : kept.stride(operand, 0);
    }

    /** Which row kernel suits rows of this length. */
    Kernel rowKernel() {
        return cols() >= BLOCK_ROW_LENGTH ? Kernel.REDUCE_ROWS_BLOCK : Kernel.REDUCE_ROWS_WARP;
    }
}

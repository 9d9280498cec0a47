package io.jgrad.cuda;

import io.jgrad.core.Layout;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Several operands walked together over one shape, as an elementwise kernel sees them: shared sizes and, for each
 * operand, an offset and one stride per axis. {@link #coalesce} rewrites it with as few axes as possible, so that
 * most launches unravel one or two axes and contiguous ones take the dense kernels.
 *
 * <p>Invariant: immutable; for every operand and every index {@code i} of {@code sizes}, the element is at
 * {@code offset + sum(i[axis] * stride[axis])}, and rewriting (coalesce, split) never changes which position
 * each row-major flat index reaches.
 */
final class StridedLaunch {
    /** {@code JG_MAX_RANK} in common.cuh: the most axes a {@code Dims} holds. */
    static final int MAX_RANK = 6;

    private final int[] sizes;
    private final int[][] strides;
    private final int[] offsets;

    private StridedLaunch(int[] sizes, int[][] strides, int[] offsets) {
        this.sizes = sizes;
        this.strides = strides;
        this.offsets = offsets;
    }

    /** Operands given by layouts of one shape (an elementwise op's inputs and output). */
    static StridedLaunch of(Layout... layouts) {
        int[][] strides = new int[layouts.length][];
        int[] offsets = new int[layouts.length];
        for (int i = 0; i < layouts.length; i++) {
            if (!layouts[i].shape().equals(layouts[0].shape())) {
                throw new IllegalArgumentException("cuda: operands of one launch differ in shape: "
                        + layouts[0].shape() + " and " + layouts[i].shape());
            }
            strides[i] = layouts[i].strides();
            offsets[i] = layouts[i].offset();
        }
        return new StridedLaunch(layouts[0].shape().sizes(), strides, offsets);
    }

    /** Operands given directly: {@code strides[operand][axis]}. */
    static StridedLaunch of(int[] sizes, int[][] strides, int[] offsets) {
        int[][] copy = new int[strides.length][];
        for (int i = 0; i < strides.length; i++) {
            if (strides[i].length != sizes.length) {
                throw new IllegalArgumentException("cuda: operand " + i + " has " + strides[i].length
                        + " strides for " + sizes.length + " axes");
            }
            copy[i] = strides[i].clone();
        }
        return new StridedLaunch(sizes.clone(), copy, offsets.clone());
    }

    int rank() {
        return sizes.length;
    }

    int size(int axis) {
        return sizes[axis];
    }

    int stride(int operand, int axis) {
        return strides[operand][axis];
    }

    int offset(int operand) {
        return offsets[operand];
    }

    long numel() {
        long n = 1;
        for (int s : sizes) {
            n *= s;
        }
        return n;
    }

    /**
     * The same walk over fewer axes: axes of size 1 are dropped, and axis {@code a} merges into the axis after it
     * whenever every operand has {@code stride[a] == stride[a+1] * size[a+1]} (the two axes are one run of
     * positions). A contiguous tensor of any shape becomes one axis of stride 1. Empty launches are left as they are.
     */
    StridedLaunch coalesce() {
        if (numel() == 0) {
            return this;
        }
        List<Integer> keptSizes = new ArrayList<>();
        List<int[]> keptStrides = new ArrayList<>();
        for (int axis = sizes.length - 1; axis >= 0; axis--) {
            if (sizes[axis] == 1) {
                continue;
            }
            int[] column = new int[strides.length];
            for (int op = 0; op < strides.length; op++) {
                column[op] = strides[op][axis];
            }
            int last = keptSizes.size() - 1;
            if (last >= 0 && mergeable(column, keptStrides.get(last), keptSizes.get(last))) {
                keptSizes.set(last, keptSizes.get(last) * sizes[axis]);
            } else {
                keptSizes.add(sizes[axis]);
                keptStrides.add(column);
            }
        }
        int rank = keptSizes.size();
        int[] newSizes = new int[rank];
        int[][] newStrides = new int[strides.length][rank];
        for (int i = 0; i < rank; i++) {
            newSizes[rank - 1 - i] = keptSizes.get(i);
            for (int op = 0; op < strides.length; op++) {
                newStrides[op][rank - 1 - i] = keptStrides.get(i)[op];
            }
        }
        return new StridedLaunch(newSizes, newStrides, offsets.clone());
    }

    private static boolean mergeable(int[] outer, int[] inner, int innerSize) {
        for (int op = 0; op < outer.length; op++) {
            if ((long) outer[op] != (long) inner[op] * innerSize) {
                return false;
            }
        }
        return true;
    }

    /** True when every operand is one dense run from its offset: the {@code *_dense} kernels apply. */
    boolean isDense() {
        if (numel() <= 1) {
            return true;
        }
        if (sizes.length != 1) {
            return false;
        }
        for (int[] s : strides) {
            if (s[0] != 1) {
                return false;
            }
        }
        return true;
    }

    /**
     * Launches of at most {@code maxRank} axes covering the same elements: each fixes one index of the leading
     * {@code rank - maxRank} axes and folds it into the offsets. Just this launch when it is small enough.
     */
    List<StridedLaunch> split(int maxRank) {
        if (sizes.length <= maxRank) {
            return List.of(this);
        }
        int lead = sizes.length - maxRank;
        int[] tailSizes = Arrays.copyOfRange(sizes, lead, sizes.length);
        int[][] tailStrides = new int[strides.length][];
        for (int op = 0; op < strides.length; op++) {
            tailStrides[op] = Arrays.copyOfRange(strides[op], lead, sizes.length);
        }
        List<StridedLaunch> parts = new ArrayList<>();
        int[] index = new int[lead];
        long count = 1;
        for (int axis = 0; axis < lead; axis++) {
            count *= sizes[axis];
        }
        for (long n = 0; n < count; n++) {
            int[] partOffsets = offsets.clone();
            for (int op = 0; op < strides.length; op++) {
                for (int axis = 0; axis < lead; axis++) {
                    partOffsets[op] += index[axis] * strides[op][axis];
                }
            }
            parts.add(new StridedLaunch(tailSizes, tailStrides, partOffsets));
            for (int axis = lead - 1; axis >= 0 && ++index[axis] == sizes[axis]; axis--) {
                index[axis] = 0;
            }
        }
        return parts;
    }

    /** The {@code Dims} struct: {@code {rank, sizes...}}, padded to {@link #MAX_RANK} sizes with 1. */
    int[] dims() {
        checkRank();
        int[] dims = new int[1 + MAX_RANK];
        Arrays.fill(dims, 1);
        dims[0] = sizes.length;
        System.arraycopy(sizes, 0, dims, 1, sizes.length);
        return dims;
    }

    /** One operand's {@code Strides} struct: {@code {offset, strides...}}, padded to {@link #MAX_RANK} with 0. */
    int[] strides(int operand) {
        checkRank();
        int[] packed = new int[1 + MAX_RANK];
        packed[0] = offsets[operand];
        System.arraycopy(strides[operand], 0, packed, 1, sizes.length);
        return packed;
    }

    private void checkRank() {
        if (sizes.length > MAX_RANK) {
            throw new IllegalStateException("cuda: a launch of rank " + sizes.length + " > " + MAX_RANK
                    + " must be split first");
        }
    }

    @Override
    public String toString() {
        return "StridedLaunch(sizes=" + Arrays.toString(sizes) + ", strides=" + Arrays.deepToString(strides)
                + ", offsets=" + Arrays.toString(offsets) + ")";
    }
}

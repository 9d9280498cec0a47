package io.jgrad.core;

import java.util.Arrays;
import java.util.BitSet;

/**
 * Where each element of a tensor lives in its storage: a shape, one stride per axis, and an offset.
 * The element at index {@code (i0, i1, ...)} is at position {@code offset + i0*strides[0] + i1*strides[1] + ...}.
 *
 * <p>Invariant: immutable; strides are {@code >= 0}; a stride of 0 means the axis is broadcast (every index reads
 * the same element). Every movement op (transpose, permute, narrow, select, squeeze, unsqueeze, expand, view)
 * returns a new layout over the same storage: nothing is ever copied here.
 */
public final class Layout {
    private final Shape shape;
    private final int[] strides;
    private final int offset;

    private Layout(Shape shape, int[] strides, int offset) {
        this.shape = shape;
        this.strides = strides;
        this.offset = offset;
    }

    /** The row-major (contiguous) layout of {@code shape} starting at position 0. */
    public static Layout contiguous(Shape shape) {
        return new Layout(shape, shape.contiguousStrides(), 0);
    }

    /** A layout with explicit strides and offset; negative strides or offset are rejected. */
    public static Layout of(Shape shape, int[] strides, int offset) {
        if (strides.length != shape.rank()) {
            throw new IllegalArgumentException("layout: shape " + shape + " has rank " + shape.rank()
                    + " but " + strides.length + " strides were given");
        }
        for (int s : strides) {
            if (s < 0) {
                throw new IllegalArgumentException("layout: negative stride in " + Arrays.toString(strides));
            }
        }
        if (offset < 0) {
            throw new IllegalArgumentException("layout: negative offset " + offset);
        }
        return new Layout(shape, strides.clone(), offset);
    }

    public Shape shape() {
        return shape;
    }

    public int rank() {
        return shape.rank();
    }

    public int numel() {
        return shape.numel();
    }

    public int offset() {
        return offset;
    }

    public int stride(int axis) {
        return strides[shape.axis(axis)];
    }

    /** A copy of the strides. */
    public int[] strides() {
        return strides.clone();
    }

    /**
     * True when the elements are row-major and dense: the layout {@link #contiguous} would give, at any offset.
     * A layout with no elements reads nothing, so it is contiguous whatever its strides (as in PyTorch).
     */
    public boolean isContiguous() {
        if (numel() == 0) {
            return true;
        }
        int expected = 1;
        for (int axis = rank() - 1; axis >= 0; axis--) {
            if (shape.size(axis) != 1 && strides[axis] != expected) {
                return false;
            }
            expected *= shape.size(axis);
        }
        return true;
    }

    /** The storage position of the element at {@code index}; each coordinate is checked against its axis. */
    public int position(int... index) {
        if (index.length != rank()) {
            throw new IllegalArgumentException("index " + Arrays.toString(index) + " has " + index.length
                    + " coordinates but shape " + shape + " has rank " + rank());
        }
        int position = offset;
        for (int axis = 0; axis < index.length; axis++) {
            checkIndex(axis, index[axis]);
            position += index[axis] * strides[axis];
        }
        return position;
    }

    /**
     * The storage position of the {@code flat}-th element in row-major order: the naive way to walk any layout.
     * Unravel {@code flat} into an index (last axis fastest), then apply the strides.
     */
    public int positionOf(int flat) {
        int position = offset;
        for (int axis = rank() - 1; axis >= 0; axis--) {
            int size = shape.size(axis);
            position += (flat % size) * strides[axis];
            flat /= size;
        }
        return position;
    }

    /**
     * A storage position that both this layout and {@code other} touch, or -1 if none: an op that writes through one
     * while reading through the other may read an element it already overwrote.
     */
    public int firstSharedPosition(Layout other) {
        if (other.offset >= extent() || offset >= other.extent()) {
            return -1;
        }
        BitSet mine = new BitSet(extent());
        for (int i = 0; i < numel(); i++) {
            mine.set(positionOf(i));
        }
        for (int i = 0; i < other.numel(); i++) {
            int position = other.positionOf(i);
            if (mine.get(position)) {
                return position;
            }
        }
        return -1;
    }

    /**
     * Refuses a write through a broadcast layout: several of its indexes share one storage position (stride 0), so
     * the result would depend on the order of the writes (a race on a GPU).
     */
    public void checkWritable(String op) {
        for (int axis = 0; axis < rank(); axis++) {
            if (strides[axis] == 0 && shape.size(axis) > 1) {
                throw new IllegalArgumentException(op + ": cannot write into a broadcast tensor of shape " + shape
                        + ": its " + shape.size(axis) + " indexes along axis " + axis + " share storage (stride 0);"
                        + " copy() it first");
            }
        }
    }

    /**
     * Refuses to read {@code source} while writing through this layout over the same storage, when a position read
     * may already have been overwritten: an elementwise op may read its own output's layout (each element is read
     * before it is written), a matrix product ({@code readsRepeatedly}) reads each element many times and may not.
     */
    public void checkReadable(String op, Layout source, boolean readsRepeatedly) {
        int shared = readsRepeatedly || !source.equals(this) ? firstSharedPosition(source) : -1;
        if (shared >= 0) {
            throw new IllegalArgumentException(op + ": the operand (" + source + ") and the tensor written (" + this
                    + ") share storage position " + shared + (readsRepeatedly ? "; write into another tensor"
                    : " in different layouts; pass a copy() of the operand"));
        }
    }

    /** One past the largest position this layout touches (0 when it has no elements). */
    public int extent() {
        if (numel() == 0) {
            return 0;
        }
        int last = offset;
        for (int axis = 0; axis < rank(); axis++) {
            last += (shape.size(axis) - 1) * strides[axis];
        }
        return last + 1;
    }

    /** Reorders the axes: axis {@code i} of the result is axis {@code order[i]} of this layout. */
    public Layout permute(int... order) {
        if (order.length != rank()) {
            throw new IllegalArgumentException("permute: order " + Arrays.toString(order) + " does not match shape " + shape);
        }
        int[] sizes = new int[rank()];
        int[] newStrides = new int[rank()];
        boolean[] seen = new boolean[rank()];
        for (int i = 0; i < order.length; i++) {
            int axis = shape.axis(order[i]);
            if (seen[axis]) {
                throw new IllegalArgumentException("permute: order " + Arrays.toString(order) + " repeats axis " + axis);
            }
            seen[axis] = true;
            sizes[i] = shape.size(axis);
            newStrides[i] = strides[axis];
        }
        return new Layout(Shape.of(sizes), newStrides, offset);
    }

    /** Swaps two axes. */
    public Layout transpose(int axis0, int axis1) {
        int[] order = new int[rank()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        int a = shape.axis(axis0);
        int b = shape.axis(axis1);
        order[a] = b;
        order[b] = a;
        return permute(order);
    }

    /** Keeps indexes {@code start .. start+length-1} along {@code axis}. */
    public Layout narrow(int axis, int start, int length) {
        int a = shape.axis(axis);
        int size = shape.size(a);
        if (start < 0 || length < 0 || start + length > size) {
            throw new IndexOutOfBoundsException("narrow: range [" + start + ", " + (start + length) + ") is out of range for axis "
                    + a + " of size " + size + " in shape " + shape);
        }
        int[] sizes = shape.sizes();
        sizes[a] = length;
        return new Layout(Shape.of(sizes), strides, offset + (length == 0 ? 0 : start * strides[a]));
    }

    /** Fixes {@code axis} at {@code index} and removes it: rank drops by one. */
    public Layout select(int axis, int index) {
        int a = shape.axis(axis);
        checkIndex(a, index);
        return dropAxis(a, offset + index * strides[a]);
    }

    /** Removes {@code axis}, which must have size 1. */
    public Layout squeeze(int axis) {
        int a = shape.axis(axis);
        if (shape.size(a) != 1) {
            throw new IllegalArgumentException("squeeze: axis " + a + " of shape " + shape + " has size " + shape.size(a) + ", not 1");
        }
        return dropAxis(a, offset);
    }

    /** Inserts an axis of size 1 at {@code axis} (0..rank). */
    public Layout unsqueeze(int axis) {
        int a = axis < 0 ? axis + rank() + 1 : axis;
        if (a < 0 || a > rank()) {
            throw new IndexOutOfBoundsException("unsqueeze: axis " + axis + " is out of range for shape " + shape);
        }
        int[] sizes = new int[rank() + 1];
        int[] newStrides = new int[rank() + 1];
        for (int i = 0, j = 0; i < sizes.length; i++) {
            if (i == a) {
                sizes[i] = 1;
                newStrides[i] = j < rank() ? strides[j] * shape.size(j) : 1;
            } else {
                sizes[i] = shape.size(j);
                newStrides[i] = strides[j++];
            }
        }
        return new Layout(Shape.of(sizes), newStrides, offset);
    }

    /**
     * Broadcasts to {@code target}: new leading axes and axes of size 1 get stride 0, so every index along them
     * reads the same element. Other sizes must match.
     */
    public Layout expand(Shape target) {
        int extra = target.rank() - rank();
        if (extra < 0) {
            throw new IllegalArgumentException("expand: cannot expand shape " + shape + " to the smaller rank of " + target);
        }
        int[] newStrides = new int[target.rank()];
        for (int axis = 0; axis < rank(); axis++) {
            int from = shape.size(axis);
            int to = target.size(axis + extra);
            if (from == to) {
                newStrides[axis + extra] = strides[axis];
            } else if (from != 1) {
                throw new IllegalArgumentException("expand: shape " + shape + " cannot expand to " + target
                        + ": size " + from + " along axis " + axis + " is neither 1 nor " + to);
            }
        }
        return new Layout(target, newStrides, offset);
    }

    /**
     * The same elements seen with another shape, without copying, or {@code null} when the strides do not allow
     * it (then the caller must copy with {@code contiguous()} first). This is PyTorch's rule: each run of old axes
     * that is merged or split must be laid out densely relative to itself.
     */
    public Layout view(Shape target) {
        if (target.numel() != numel()) {
            throw new IllegalArgumentException("view: shape " + shape + " has " + numel()
                    + " elements but " + target + " has " + target.numel());
        }
        if (isContiguous() || numel() == 0) {
            return new Layout(target, target.contiguousStrides(), offset);
        }
        int[] newStrides = new int[target.rank()];
        int viewAxis = target.rank() - 1;
        int chunkBaseStride = strides[rank() - 1];
        long tensorNumel = 1;
        long viewNumel = 1;
        for (int axis = rank() - 1; axis >= 0; axis--) {
            tensorNumel *= shape.size(axis);
            boolean chunkEnds = axis == 0
                    || (shape.size(axis - 1) != 1 && strides[axis - 1] != tensorNumel * chunkBaseStride);
            if (chunkEnds) {
                while (viewAxis >= 0 && (viewNumel < tensorNumel || target.size(viewAxis) == 1)) {
                    newStrides[viewAxis] = (int) (viewNumel * chunkBaseStride);
                    viewNumel *= target.size(viewAxis);
                    viewAxis--;
                }
                if (viewNumel != tensorNumel) {
                    return null;
                }
                if (axis > 0) {
                    chunkBaseStride = strides[axis - 1];
                    tensorNumel = 1;
                    viewNumel = 1;
                }
            }
        }
        return viewAxis == -1 ? new Layout(target, newStrides, offset) : null;
    }

    private Layout dropAxis(int axis, int newOffset) {
        int[] sizes = new int[rank() - 1];
        int[] newStrides = new int[rank() - 1];
        for (int i = 0, j = 0; i < rank(); i++) {
            if (i != axis) {
                sizes[j] = shape.size(i);
                newStrides[j++] = strides[i];
            }
        }
        return new Layout(Shape.of(sizes), newStrides, newOffset);
    }

    private void checkIndex(int axis, int index) {
        if (index < 0 || index >= shape.size(axis)) {
            throw new IndexOutOfBoundsException("index " + index + " is out of range for axis " + axis
                    + " of size " + shape.size(axis) + " in shape " + shape);
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Layout l && shape.equals(l.shape) && Arrays.equals(strides, l.strides) && offset == l.offset;
    }

    @Override
    public int hashCode() {
        return shape.hashCode() * 31 + Arrays.hashCode(strides) * 7 + offset;
    }

    @Override
    public String toString() {
        return "Layout(shape=" + shape + ", strides=" + Arrays.toString(strides) + ", offset=" + offset + ")";
    }
}

package io.jgrad.core;

/**
 * A recipe for a strided tensor, kept as data so that a failing case prints how it was made and a test can find
 * each element by hand, without {@link Layout}. In the values {@code storage}, take the contiguous block of shape
 * {@code base} that begins at {@code offset}; reorder its axes by {@code order} (axis i of the view is axis
 * {@code order[i]} of the block); keep indexes {@code starts[i] .. starts[i] + sizes[i] - 1} along each axis i.
 *
 * <p>Most recipes give layouts that are not contiguous: permuted strides, gaps left by narrowing, an offset.
 */
public record Strided(int offset, int[] base, int[] order, int[] starts, int[] sizes, float[] storage) {

    public Shape shape() {
        return Shape.of(sizes);
    }

    public int numel() {
        return Naive.numel(sizes);
    }

    /** The same recipe over other values (of the same length), e.g. moved into an op's domain. */
    public Strided withStorage(float[] values) {
        return new Strided(offset, base, order, starts, sizes, values);
    }

    /** The layout that the movement ops build from this recipe. */
    public Layout layout() {
        Shape block = Shape.of(base);
        Layout layout = Layout.of(block, block.contiguousStrides(), offset).permute(order);
        for (int axis = 0; axis < sizes.length; axis++) {
            layout = layout.narrow(axis, starts[axis], sizes[axis]);
        }
        return layout;
    }

    /** The recipe carried out on {@code backend}: the storage becomes a 1-D tensor, every later step is a view. */
    public Tensor tensor(Backend backend) {
        Tensor t = Tensor.of(backend, storage, storage.length)
                .narrow(0, offset, Naive.numel(base)).view(base).permute(order);
        for (int axis = 0; axis < sizes.length; axis++) {
            t = t.narrow(axis, starts[axis], sizes[axis]);
        }
        return t;
    }

    /** The storage position of {@code index}, by hand: undo the narrowing and the permutation, then row-major. */
    public int position(int... index) {
        int[] blockIndex = new int[base.length];
        for (int axis = 0; axis < sizes.length; axis++) {
            blockIndex[order[axis]] = starts[axis] + index[axis];
        }
        return offset + Naive.flat(blockIndex, base);
    }

    /** The elements in row-major order, read by hand from the storage. */
    public double[] values() {
        double[] out = new double[numel()];
        int[] index = new int[sizes.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = storage[position(index)];
            Naive.next(index, sizes);
        }
        return out;
    }
}

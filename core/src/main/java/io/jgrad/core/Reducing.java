package io.jgrad.core;

/** Shape handling for the reductions of {@link Tensor}: which axes fold, and the keep-dim output they fold into. */
final class Reducing {
    private Reducing() {
    }

    /** Folds {@code x} along {@code axes} into a new tensor; without keep-dim the folded axes are squeezed away. */
    static Tensor reduce(Tensor x, ReduceOp op, boolean keepDim, int... axes) {
        int[] sizes = x.shape().sizes();
        boolean[] reduced = new boolean[x.rank()];
        for (int axis : axes) {
            int a = x.shape().axis(axis);
            if (reduced[a]) {
                throw new IllegalArgumentException(op.name().toLowerCase() + ": axis " + a + " given twice for shape " + x.shape());
            }
            if (op == ReduceOp.MAX && sizes[a] == 0) {
                throw new IllegalArgumentException("max: axis " + a + " of shape " + x.shape() + " is empty");
            }
            reduced[a] = true;
            sizes[a] = 1;
        }
        Tensor out = x.emptyLike(Shape.of(sizes));
        x.backend().reduce(op, x, out);
        if (keepDim) {
            return out;
        }
        for (int a = x.rank() - 1; a >= 0; a--) {
            if (reduced[a]) {
                out = out.squeeze(a);
            }
        }
        return out;
    }

    /** The index of the largest element along {@code axis}, as floats. */
    static Tensor argmax(Tensor x, int axis, boolean keepDim) {
        int a = x.shape().axis(axis);
        if (x.size(a) == 0) {
            throw new IllegalArgumentException("argmax: axis " + a + " of shape " + x.shape() + " is empty");
        }
        int[] sizes = x.shape().sizes();
        sizes[a] = 1;
        Tensor out = x.emptyLike(Shape.of(sizes));
        x.backend().argmax(x, a, out);
        return keepDim ? out : out.squeeze(a);
    }

    /** {@code 0, 1, ..., rank-1}. */
    static int[] allAxes(int rank) {
        int[] axes = new int[rank];
        for (int i = 0; i < axes.length; i++) {
            axes[i] = i;
        }
        return axes;
    }
}

package io.jgrad.autograd;

import io.jgrad.core.Joining;
import io.jgrad.core.Shape;
import io.jgrad.core.Tensor;

/**
 * Ops that move elements without computing on them. Their rules move the gradient back the same way:
 * a transpose's gradient is transposed back, a slice's gradient is placed into zeros at the slice.
 * {@link #expand} is the one op whose rule un-broadcasts, by summing.
 */
public final class ShapeOps {
    private ShapeOps() {
    }

    /** y = x seen with another shape.   dL/dx = g reshaped to x's shape. */
    public static Variable reshape(Variable x, int... shape) {
        Shape from = x.shape();
        return Tape.record("reshape", x.value().reshape(shape), x, g -> g.reshape(from.sizes()));
    }

    /** y = x with two axes swapped.   dL/dx = g with the same axes swapped back. */
    public static Variable transpose(Variable x, int axis0, int axis1) {
        return Tape.record("transpose", x.value().transpose(axis0, axis1), x, g -> g.transpose(axis0, axis1));
    }

    /** y = x with axes reordered.   dL/dx = g with the inverse order. */
    public static Variable permute(Variable x, int... order) {
        int[] inverse = new int[order.length];
        for (int i = 0; i < order.length; i++) {
            inverse[x.shape().axis(order[i])] = i;
        }
        return Tape.record("permute", x.value().permute(order), x, g -> g.permute(inverse));
    }

    /** y = x[start : start+length] along axis.   dL/dx = zeros with g placed at that slice. */
    public static Variable narrow(Variable x, int axis, int start, int length) {
        Tensor xv = x.value();
        return Tape.record("narrow", xv.narrow(axis, start, length), x, g -> {
            Tensor dx = g.zerosLike(xv.shape());
            dx.narrow(axis, start, length).copyInPlace(g);
            return dx;
        });
    }

    /** y = x[index] along axis (the axis removed).   dL/dx = zeros with g placed at that index. */
    public static Variable select(Variable x, int axis, int index) {
        Tensor xv = x.value();
        return Tape.record("select", xv.select(axis, index), x, g -> {
            Tensor dx = g.zerosLike(xv.shape());
            dx.select(axis, index).copyInPlace(g);
            return dx;
        });
    }

    /** y = x without the size-1 axis.   dL/dx = g with the axis put back. */
    public static Variable squeeze(Variable x, int axis) {
        int a = x.shape().axis(axis);
        return Tape.record("squeeze", x.value().squeeze(a), x, g -> g.unsqueeze(a));
    }

    /** y = x with a new size-1 axis.   dL/dx = g with that axis removed. */
    public static Variable unsqueeze(Variable x, int axis) {
        Tensor y = x.value().unsqueeze(axis);
        int a = axis < 0 ? axis + y.rank() : axis;
        return Tape.record("unsqueeze", y, x, g -> g.squeeze(a));
    }

    /**
     * y = x broadcast to {@code shape} (stride 0 along new and size-1 axes).
     * dL/dx = g summed over every axis that was broadcast, since each element of x fed all of them.
     */
    public static Variable expand(Variable x, Shape shape) {
        if (x.shape().equals(shape)) {
            return x;
        }
        Shape from = x.shape();
        return Tape.record("expand", x.value().expand(shape), x, g -> sumTo(g, from));
    }

    /** Sums {@code g} down to {@code target}: new leading axes are summed away, size-1 axes summed with keep-dim. */
    static Tensor sumTo(Tensor g, Shape target) {
        int extra = g.rank() - target.rank();
        int count = 0;
        int[] axes = new int[g.rank()];
        for (int axis = 0; axis < g.rank(); axis++) {
            if (axis < extra || target.size(axis - extra) == 1 && g.size(axis) != 1) {
                axes[count++] = axis;
            }
        }
        Tensor summed = g.sum(true, java.util.Arrays.copyOf(axes, count));
        return summed.reshape(target.sizes());
    }

    /** y = x_1, x_2, ... joined along axis.   dL/dx_i = the slice of g where x_i went. */
    public static Variable concat(int axis, Variable... xs) {
        Tensor[] values = new Tensor[xs.length];
        Tape.Backward[] rules = new Tape.Backward[xs.length];
        int start = 0;
        for (int i = 0; i < xs.length; i++) {
            values[i] = xs[i].value();
            int from = start;
            int length = xs[i].value().size(axis);
            rules[i] = g -> g.narrow(axis, from, length);
            start += length;
        }
        return Tape.record("concat", Joining.concat(axis, values), xs, rules);
    }
}

package io.jgrad.core;

import java.util.Arrays;

/**
 * Concatenation and stacking, PyTorch's {@code torch.cat} and {@code torch.stack}: functions of several tensors,
 * written with {@link Tensor}'s own ops (the result's shape from {@link Shape#concat}, then each input copied into
 * its narrowed view of the result).
 */
public final class Joining {
    private Joining() {
    }

    /** Joins tensors along an existing axis; all other sizes must match. */
    public static Tensor concat(int axis, Tensor... tensors) {
        Shape result = Shape.concat(axis, Arrays.stream(tensors).map(Tensor::shape).toArray(Shape[]::new));
        Tensor out = tensors[0].emptyLike(result);
        int a = result.axis(axis);
        int start = 0;
        for (Tensor t : tensors) {
            out.narrow(a, start, t.size(a)).copyInPlace(t);
            start += t.size(a);
        }
        return out;
    }

    /** Joins tensors of one shape along a new axis. */
    public static Tensor stack(int axis, Tensor... tensors) {
        if (tensors.length == 0) {
            throw new IllegalArgumentException("stack: no tensors given");
        }
        Tensor[] expanded = new Tensor[tensors.length];
        for (int i = 0; i < tensors.length; i++) {
            if (!tensors[i].shape().equals(tensors[0].shape())) {
                throw new IllegalArgumentException("stack: shapes " + tensors[0].shape() + " and " + tensors[i].shape() + " differ");
            }
            expanded[i] = tensors[i].unsqueeze(axis);
        }
        return concat(axis, expanded);
    }
}

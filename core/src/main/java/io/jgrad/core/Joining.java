package io.jgrad.core;

/** Concatenation and stacking: each input is copied into its own narrowed view of the output. */
final class Joining {
    private Joining() {
    }

    static Tensor concat(int axis, Tensor... tensors) {
        if (tensors.length == 0) {
            throw new IllegalArgumentException("concat: no tensors given");
        }
        Tensor first = tensors[0];
        int a = first.shape().axis(axis);
        int[] sizes = first.shape().sizes();
        int total = 0;
        for (Tensor t : tensors) {
            if (t.rank() != first.rank() || t.backend() != first.backend()) {
                throw new IllegalArgumentException("concat: shapes " + first.shape() + " and " + t.shape()
                        + (t.rank() != first.rank() ? " have different ranks" : " live on different backends"));
            }
            for (int i = 0; i < sizes.length; i++) {
                if (i != a && t.size(i) != sizes[i]) {
                    throw new IllegalArgumentException("concat along axis " + a + ": shapes " + first.shape() + " and "
                            + t.shape() + " differ along axis " + i);
                }
            }
            total += t.size(a);
        }
        sizes[a] = total;
        Tensor out = first.emptyLike(Shape.of(sizes));
        int start = 0;
        for (Tensor t : tensors) {
            first.backend().copy(t, out.narrow(a, start, t.size(a)));
            start += t.size(a);
        }
        return out;
    }

    static Tensor stack(int axis, Tensor... tensors) {
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

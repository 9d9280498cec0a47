package io.jgrad.core;

import java.util.Arrays;

/**
 * The sizes of a tensor along each axis, e.g. {@code [256, 784]}.
 *
 * <p>Invariant: immutable, every size is {@code >= 0}. Rank 0 is a scalar with one element.
 * {@link #broadcast} is the one broadcasting rule in jgrad: every op that combines shapes calls it.
 */
public final class Shape {
    private final int[] sizes;
    private final int numel;

    private Shape(int[] sizes) {
        this.sizes = sizes;
        this.numel = count(sizes);
    }

    /** The product of the sizes; one that an int cannot hold is an error (not a wrapped-around count). */
    private static int count(int[] sizes) {
        long n = 1;
        boolean tooMany = false;
        for (int s : sizes) {
            n *= s;
            tooMany |= n > Integer.MAX_VALUE;
            n = Math.min(n, 1L + Integer.MAX_VALUE);      // an empty axis later still makes the shape empty
        }
        if (tooMany && n != 0) {
            throw new IllegalArgumentException("shape " + Arrays.toString(sizes)
                    + " has more elements than an int can index (" + Integer.MAX_VALUE + ")");
        }
        return (int) n;
    }

    /** A shape with the given sizes; a negative size is an error. */
    public static Shape of(int... sizes) {
        for (int axis = 0; axis < sizes.length; axis++) {
            if (sizes[axis] < 0) {
                throw new IllegalArgumentException(
                        "shape " + Arrays.toString(sizes) + ": size " + sizes[axis] + " along axis " + axis + " is negative");
            }
        }
        return new Shape(sizes.clone());
    }

    public int rank() {
        return sizes.length;
    }

    /** The size along {@code axis}; a negative axis counts from the end, as in PyTorch. */
    public int size(int axis) {
        return sizes[axis(axis)];
    }

    /** A copy of the sizes. */
    public int[] sizes() {
        return sizes.clone();
    }

    /** The number of elements: the product of the sizes (1 for a scalar). */
    public int numel() {
        return numel;
    }

    /** Row-major strides: the last axis has stride 1, each earlier axis the product of the sizes after it. */
    public int[] contiguousStrides() {
        int[] strides = new int[sizes.length];
        int stride = 1;
        for (int axis = sizes.length - 1; axis >= 0; axis--) {
            strides[axis] = stride;
            stride *= Math.max(sizes[axis], 1);
        }
        return strides;
    }

    /** Resolves a possibly negative axis to {@code 0..rank-1}; out of range is an error naming the rank. */
    public int axis(int axis) {
        int resolved = axis < 0 ? axis + sizes.length : axis;
        if (resolved < 0 || resolved >= sizes.length) {
            throw new IndexOutOfBoundsException("axis " + axis + " is out of range for shape " + this + " of rank " + sizes.length);
        }
        return resolved;
    }

    /**
     * NumPy/PyTorch broadcasting: align shapes on the right; along each axis the sizes must be equal or one of them 1.
     * {@code [256, 1, 20]} and {@code [3, 20]} broadcast to {@code [256, 3, 20]}.
     *
     * @param op names the operation in the error message
     */
    public static Shape broadcast(Shape a, Shape b, String op) {
        int rank = Math.max(a.rank(), b.rank());
        int[] out = new int[rank];
        for (int i = 0; i < rank; i++) {
            int sa = i < rank - a.rank() ? 1 : a.sizes[i - (rank - a.rank())];
            int sb = i < rank - b.rank() ? 1 : b.sizes[i - (rank - b.rank())];
            if (sa != sb && sa != 1 && sb != 1) {
                throw new IllegalArgumentException(op + ": shapes " + a + " and " + b
                        + " do not broadcast: sizes " + sa + " and " + sb + " differ along axis " + i + " of the result");
            }
            out[i] = sa == 1 ? sb : sa;
        }
        return new Shape(out);
    }

    /**
     * {@code target}, if {@code from} broadcasts into it without growing it: the rule for an in-place op, whose
     * operand may be broadcast but whose output keeps its shape.
     */
    public static Shape broadcastInto(Shape from, Shape target, String op) {
        Shape s = broadcast(target, from, op);
        if (!s.equals(target)) {
            throw new IllegalArgumentException(op + ": shape " + from + " does not broadcast into " + target
                    + " (it would grow it to " + s + ")");
        }
        return target;
    }

    /**
     * The shape a reduction along {@code axes} folds into, with those axes kept at size 1 (keep-dim): {@code [256, 784]}
     * reduced along axis 1 is {@code [256, 1]}. Naming an axis twice is an error that names {@code op}.
     */
    public Shape reduced(String op, int... axes) {
        int[] out = sizes.clone();
        boolean[] seen = new boolean[rank()];
        for (int axis : axes) {
            int a = axis(axis);
            if (seen[a]) {
                throw new IllegalArgumentException(op + ": axis " + a + " given twice for shape " + this);
            }
            seen[a] = true;
            out[a] = 1;
        }
        return new Shape(out);
    }

    /** This shape with {@code axes} removed (negative axes count from the end). */
    public Shape without(int... axes) {
        boolean[] removed = new boolean[rank()];
        for (int axis : axes) {
            removed[axis(axis)] = true;
        }
        int[] out = new int[rank()];
        int kept = 0;
        for (int a = 0; a < rank(); a++) {
            if (!removed[a]) {
                out[kept++] = sizes[a];
            }
        }
        return new Shape(Arrays.copyOf(out, kept));
    }

    /**
     * The shape of a matrix product: {@code [m, k] @ [k, n] -> [m, n]}, or batched {@code [b, m, k] @ [b, k, n] ->
     * [b, m, n]}, where a 2-D operand or a batch of 1 broadcasts against the other's batch.
     */
    public static Shape matmul(Shape a, Shape b) {
        if (a.rank() < 2 || a.rank() > 3 || b.rank() < 2 || b.rank() > 3) {
            throw matmulError(a, b, "operands must be 2-D matrices or 3-D batches of matrices");
        }
        if (b.size(-2) != a.size(-1)) {
            throw matmulError(a, b, "inner sizes " + a.size(-1) + " and " + b.size(-2) + " differ");
        }
        if (a.rank() == 2 && b.rank() == 2) {
            return of(a.size(0), b.size(1));
        }
        int batchA = a.rank() == 3 ? a.size(0) : 1;
        int batchB = b.rank() == 3 ? b.size(0) : 1;
        if (batchA != batchB && batchA != 1 && batchB != 1) {
            throw matmulError(a, b, "batch sizes " + batchA + " and " + batchB + " differ");
        }
        return of(batchA == 1 ? batchB : batchA, a.size(-2), b.size(-1));
    }

    /** Made only on failure: every product of a training step passes {@link #matmul}. */
    private static IllegalArgumentException matmulError(Shape a, Shape b, String what) {
        return new IllegalArgumentException("matmul: " + a + " @ " + b + ": " + what);
    }

    /** The shape of {@code shapes} joined along {@code axis}: equal ranks, equal sizes along every other axis. */
    public static Shape concat(int axis, Shape... shapes) {
        if (shapes.length == 0) {
            throw new IllegalArgumentException("concat: no tensors given");
        }
        Shape first = shapes[0];
        int a = first.axis(axis);
        int[] out = first.sizes();
        out[a] = 0;
        for (Shape s : shapes) {
            if (s.rank() != first.rank()) {
                throw new IllegalArgumentException("concat: shapes " + first + " and " + s + " have different ranks");
            }
            for (int i = 0; i < out.length; i++) {
                if (i != a && s.sizes[i] != first.sizes[i]) {
                    throw new IllegalArgumentException("concat along axis " + a + ": shapes " + first + " and " + s
                            + " differ along axis " + i);
                }
            }
            out[a] += s.sizes[a];
        }
        return new Shape(out);
    }

    /**
     * The shape {@code sizes} asks for when viewing {@code numel} elements of shape {@code from}: one size may be -1,
     * meaning whatever makes the element count come out right.
     */
    static Shape inferred(int[] sizes, int numel, Shape from) {
        int[] resolved = sizes.clone();
        int inferred = -1;
        int known = 1;
        for (int axis = 0; axis < resolved.length; axis++) {
            if (resolved[axis] == -1 && inferred < 0) {
                inferred = axis;
            } else if (resolved[axis] < 0) {
                throw new IllegalArgumentException("view: " + Arrays.toString(sizes)
                        + " may have one size of -1 (inferred) and no other negative size");
            } else {
                known *= resolved[axis];
            }
        }
        if (inferred >= 0) {
            if (known == 0 || numel % known != 0) {
                throw new IllegalArgumentException("view: cannot infer the -1 in " + Arrays.toString(sizes)
                        + " for a tensor of shape " + from + " with " + numel + " elements");
            }
            resolved[inferred] = numel / known;
        }
        return of(resolved);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Shape s && Arrays.equals(sizes, s.sizes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(sizes);
    }

    @Override
    public String toString() {
        return Arrays.toString(sizes);
    }
}

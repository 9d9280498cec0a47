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

    private Shape(int[] sizes) {
        this.sizes = sizes;
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
        long n = 1;
        for (int s : sizes) {
            n *= s;
        }
        if (n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("shape " + this + " has " + n + " elements, more than an int can index");
        }
        return (int) n;
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

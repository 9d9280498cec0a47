package io.jgrad.core;

import java.util.ArrayList;
import java.util.List;

/**
 * Random inputs for the property checks: shapes of rank 1-4 with sizes 1-6, strided recipes over a bigger storage,
 * shapes that broadcast to a given one, and shapes with the same number of elements. Sizes of 0 are left to a few
 * dedicated tests, where the expected result can be stated outright.
 */
public final class Generators {
    private Generators() {
    }

    /**
     * A strided {@code source} seen with the shape {@code target} through {@link Tensor#expand}: stride 0 along new
     * axes and along axes of size 1. When the shapes agree this is just the strided source.
     */
    public record Expanded(Strided source, int[] target) {
        public Tensor tensor(Backend backend) {
            return source.tensor(backend).expand(target);
        }

        /** The elements in row-major order, read by hand. */
        public double[] values() {
            return Naive.broadcast(source.values(), source.sizes(), target);
        }

        public Expanded withStorage(float[] values) {
            return new Expanded(source.withStorage(values), target);
        }
    }

    /** Sizes of rank 1-4, each 1-6. */
    public static int[] shape(Rng rng) {
        return shape(rng, 1, 4, 6);
    }

    public static int[] shape(Rng rng, int minRank, int maxRank, int maxSize) {
        int[] sizes = new int[rng.nextInt(minRank, maxRank + 1)];
        for (int axis = 0; axis < sizes.length; axis++) {
            sizes[axis] = rng.nextInt(1, maxSize + 1);
        }
        return sizes;
    }

    /** A strided recipe of a random shape, holding values uniform in [-2, 2). */
    public static Strided strided(Rng rng) {
        return strided(rng, shape(rng));
    }

    /**
     * A strided recipe of the given sizes: a random permutation of a block that is, along about a third of the
     * axes, one or two larger than needed (then narrowed), at a random offset inside a storage with a few spare
     * elements at the end. Values are uniform in [-2, 2).
     */
    public static Strided strided(Rng rng, int... sizes) {
        int rank = sizes.length;
        int[] order = rng.permutation(rank);
        int[] base = new int[rank];
        int[] starts = new int[rank];
        for (int axis = 0; axis < rank; axis++) {
            int extra = rng.nextInt(3) == 0 ? rng.nextInt(1, 3) : 0;
            starts[axis] = rng.nextInt(extra + 1);
            base[order[axis]] = sizes[axis] + extra;
        }
        int offset = rng.nextInt(3) == 0 ? rng.nextInt(1, 5) : 0;
        int length = offset + Naive.numel(base) + rng.nextInt(3);
        return new Strided(offset, base, order, starts, sizes.clone(), values(rng, length, -2f, 2f));
    }

    /** A source of a random shape that broadcasts to {@code target}, expanded to it: really broadcast. */
    public static Expanded expanded(Rng rng, int... target) {
        return new Expanded(strided(rng, squashed(rng, target)), target.clone());
    }

    /** An input of shape {@code target}: strided, and half the time also broadcast from a smaller source. */
    public static Expanded input(Rng rng, int... target) {
        return rng.nextBoolean() ? expanded(rng, target) : new Expanded(strided(rng, target), target.clone());
    }

    /**
     * A shape that broadcasts to {@code sizes}: some leading axes dropped, some of the rest set to 1
     * (at least one change whenever there is an axis to change, so the result really is broadcast).
     */
    public static int[] squashed(Rng rng, int... sizes) {
        int dropped = rng.nextInt(sizes.length + 1);
        int[] out = new int[sizes.length - dropped];
        for (int axis = 0; axis < out.length; axis++) {
            out[axis] = rng.nextInt(3) == 0 ? 1 : sizes[axis + dropped];
        }
        if (dropped == 0 && out.length > 0) {
            out[rng.nextInt(out.length)] = 1;
        }
        return out;
    }

    /**
     * A shape with as many elements as {@code sizes}, made by one to three random steps that a view may allow:
     * merge two neighbouring axes, split an axis into two factors (one may be 1), insert or remove an axis of size 1.
     */
    public static int[] reshaped(Rng rng, int... sizes) {
        List<Integer> out = new ArrayList<>();
        for (int s : sizes) {
            out.add(s);
        }
        int steps = rng.nextInt(1, 4);
        for (int step = 0; step < steps; step++) {
            int axis = rng.nextInt(out.size());
            switch (rng.nextInt(4)) {
                case 0 -> {
                    if (axis + 1 < out.size()) {
                        out.set(axis, out.get(axis) * out.remove(axis + 1));
                    }
                }
                case 1 -> {
                    int size = out.get(axis);
                    int d = rng.nextInt(1, size + 1);
                    if (size % d == 0) {
                        out.set(axis, size / d);
                        out.add(axis, d);
                    }
                }
                case 2 -> out.add(rng.nextInt(out.size() + 1), 1);
                default -> {
                    if (out.get(axis) == 1 && out.size() > 1) {
                        out.remove(axis);
                    }
                }
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    /** {@code n} floats uniform in [low, high). */
    public static float[] values(Rng rng, int n, float low, float high) {
        return rng.uniform(n, low, high);
    }

    /** {@code n} multiples of 1/4 in [-2, 2]: exact in float, and equal values (ties) are common. */
    public static float[] grid(Rng rng, int n) {
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = rng.nextInt(-8, 9) / 4f;
        }
        return values;
    }

    /** The permutation that undoes {@code order}. */
    public static int[] inverse(int[] order) {
        int[] inverse = new int[order.length];
        for (int i = 0; i < order.length; i++) {
            inverse[order[i]] = i;
        }
        return inverse;
    }
}

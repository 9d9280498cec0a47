package io.jgrad.core;

/**
 * The slow, obvious index arithmetic the tests compare against. Nothing here uses {@link Layout} or a backend:
 * indexes are plain int arrays walked like an odometer, values are row-major double arrays.
 */
public final class Naive {
    private Naive() {
    }

    public static int numel(int[] sizes) {
        int n = 1;
        for (int s : sizes) {
            n *= s;
        }
        return n;
    }

    /** Advances {@code index} to the next one in row-major order (last axis fastest). */
    public static void next(int[] index, int[] sizes) {
        for (int axis = sizes.length - 1; axis >= 0; axis--) {
            if (++index[axis] < sizes[axis]) {
                return;
            }
            index[axis] = 0;
        }
    }

    /** The row-major flat number of {@code index}. */
    public static int flat(int[] index, int[] sizes) {
        int flat = 0;
        for (int axis = 0; axis < sizes.length; axis++) {
            flat = flat * sizes[axis] + index[axis];
        }
        return flat;
    }

    /**
     * The index into {@code from} that broadcasting reads for {@code index} into the larger {@code to}: align the
     * shapes on the right, drop the extra leading coordinates, and read coordinate 0 where {@code from} has size 1.
     */
    public static int[] broadcastIndex(int[] index, int[] from, int[] to) {
        int[] source = new int[from.length];
        int extra = to.length - from.length;
        for (int axis = 0; axis < from.length; axis++) {
            source[axis] = from[axis] == 1 ? 0 : index[axis + extra];
        }
        return source;
    }

    /** Row-major {@code values} of shape {@code from}, broadcast to shape {@code to}. */
    public static double[] broadcast(double[] values, int[] from, int[] to) {
        double[] out = new double[numel(to)];
        int[] index = new int[to.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = values[flat(broadcastIndex(index, from, to), from)];
            next(index, to);
        }
        return out;
    }

    /** Widens floats to doubles, so references are computed in double precision. */
    public static double[] widen(float[] values) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i];
        }
        return out;
    }
}

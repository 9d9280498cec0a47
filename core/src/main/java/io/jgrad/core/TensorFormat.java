package io.jgrad.core;

import java.util.Locale;

/**
 * Prints tensors the way PyTorch does: nested brackets, one fixed-width number format per tensor, and for large
 * tensors ({@value #SUMMARY_THRESHOLD} elements or more) only the first and last {@value #EDGE_ITEMS} entries along
 * each axis, with {@code ...} between.
 */
public final class TensorFormat {
    static final int SUMMARY_THRESHOLD = 1000;
    static final int EDGE_ITEMS = 3;

    private TensorFormat() {
    }

    /**
     * An op's name as messages print it ({@code maximum}), in every default locale: a Turkish one lower-cases the I of
     * {@code MAXIMUM} to a dotless {@code ı}.
     */
    static String label(Enum<?> op) {
        return op.name().toLowerCase(Locale.ROOT);
    }

    /** {@code values}, in row-major order, printed as a tensor of {@code shape}. */
    static String format(float[] values, Shape shape) {
        boolean summarise = values.length >= SUMMARY_THRESHOLD;
        String pattern = numberFormat(values);
        int width = 0;
        for (float v : values) {
            width = Math.max(width, String.format(Locale.ROOT, pattern, v).length());
        }
        StringBuilder out = new StringBuilder("tensor(");
        int[] strides = shape.contiguousStrides();
        appendAxis(out, values, shape, strides, 0, 0, pattern, width, summarise, "tensor(".length());
        return out.append(", shape=").append(shape).append(')').toString();
    }

    /**
     * The one number format of a tensor's printing: {@code %.4e} when the largest magnitude is 1e5 or more or the
     * smallest non-zero one under 1e-4, else {@code %.4f}. Other views of a tensor (the notebook's HTML table) use it
     * too, so that they show the same digits.
     */
    public static String numberFormat(float[] values) {
        float largest = 0;
        float smallest = Float.POSITIVE_INFINITY;
        for (float v : values) {
            if (Float.isFinite(v) && v != 0) {
                largest = Math.max(largest, Math.abs(v));
                smallest = Math.min(smallest, Math.abs(v));
            }
        }
        return largest >= 1e5f || smallest < 1e-4f ? "%.4e" : "%.4f";
    }

    private static void appendAxis(StringBuilder out, float[] values, Shape shape, int[] strides, int axis, int start,
                                   String pattern, int width, boolean summarise, int indent) {
        if (axis == shape.rank()) {
            String s = String.format(Locale.ROOT, pattern, values[start]);
            out.append(" ".repeat(width - s.length())).append(s);
            return;
        }
        int size = shape.size(axis);
        out.append('[');
        // One comma, then one line break per axis below this one: rows on new lines, blocks apart by blank lines.
        String separator = axis == shape.rank() - 1 ? ", "
                : "," + "\n".repeat(shape.rank() - 1 - axis) + " ".repeat(indent + axis + 1);
        for (int i = 0; i < size; i++) {
            if (summarise && size > 2 * EDGE_ITEMS && i == EDGE_ITEMS) {
                out.append("...").append(separator);
                i = size - EDGE_ITEMS;
            }
            appendAxis(out, values, shape, strides, axis + 1, start + i * strides[axis], pattern, width, summarise, indent);
            if (i < size - 1) {
                out.append(separator);
            }
        }
        out.append(']');
    }
}

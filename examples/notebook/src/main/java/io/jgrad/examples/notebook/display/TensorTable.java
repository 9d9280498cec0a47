package io.jgrad.examples.notebook.display;

import io.jgrad.core.Tensor;
import io.jgrad.core.TensorFormat;
import java.util.Locale;

/**
 * A small tensor of rank 1 or 2 as an HTML table: one row per index of axis 0 (a single row for rank 1), one column
 * per index of the last axis, the indices as headers and the shape as the caption. Numbers use one format per
 * tensor, as {@code Tensor.toString} does: four decimals, or four significant digits in scientific notation when
 * the magnitudes call for it.
 */
public final class TensorTable {
    /** The most elements a table shows; a larger tensor is shown as text, which summarises. */
    public static final int MAX_ELEMENTS = 400;
    /** The most columns a table shows, so that it fits the width of a notebook. */
    public static final int MAX_COLUMNS = 32;

    private TensorTable() {
    }

    /** Whether {@code t} is shown as a table: rank 1 or 2, at most {@link #MAX_ELEMENTS} and {@link #MAX_COLUMNS}. */
    public static boolean fits(Tensor t) {
        int rank = t.rank();
        return (rank == 1 || rank == 2) && t.numel() <= MAX_ELEMENTS && t.size(rank - 1) <= MAX_COLUMNS;
    }

    /** The table's HTML. */
    public static String html(Tensor t) {
        if (!fits(t)) {
            throw new IllegalArgumentException("TensorTable: a table shows rank 1 or 2 with at most " + MAX_ELEMENTS
                    + " elements and " + MAX_COLUMNS + " columns, not shape " + t.shape());
        }
        int rows = t.rank() == 1 ? 1 : t.size(0);
        int columns = t.size(t.rank() - 1);
        float[] values = t.toArray();              // row-major, whatever the tensor's strides
        String pattern = TensorFormat.numberFormat(values);
        StringBuilder html = new StringBuilder("<table class=\"jgrad-tensor\">\n<caption>tensor of shape ")
                .append(t.shape()).append("</caption>\n<tr><th></th>");
        for (int column = 0; column < columns; column++) {
            html.append("<th>").append(column).append("</th>");
        }
        html.append("</tr>\n");
        for (int row = 0; row < rows; row++) {
            html.append("<tr><th>").append(t.rank() == 1 ? "" : Integer.toString(row)).append("</th>");
            for (int column = 0; column < columns; column++) {
                html.append("<td>").append(String.format(Locale.ROOT, pattern, values[row * columns + column]))
                        .append("</td>");
            }
            html.append("</tr>\n");
        }
        return html.append("</table>").toString();
    }
}

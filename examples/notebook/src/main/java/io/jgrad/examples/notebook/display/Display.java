package io.jgrad.examples.notebook.display;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/**
 * Shows a value in the notebook as a picture, a table or text. Cells call {@link #display} (the kernel imports it),
 * and the kernel calls {@link #result} with the value of a cell's last expression.
 *
 * <p>The cells run in a JVM of their own, whose standard output the kernel reads. A value crosses over as one line
 * of that output: {@link #MARKER}, the kind ({@code display} or {@code result}), then for each MIME type of its
 * {@link Renderers bundle} a space, the type, {@code =} and the data in Base64:
 * <pre>
 *   \u0001jgrad-display display image/png=iVBORw0KGgo... text/plain=aW1hZ2UgMjQweDYw
 * </pre>
 * The kernel's {@code DisplayDecoder} turns such lines back into Jupyter display data and passes every other line
 * through as text. No ordinary text starts with the control character U+0001, so the two cannot be confused, and a
 * picture appears between the lines printed before and after it.
 */
public final class Display {
    /** What starts a display line; the kernel's decoder looks for it at the start of a line. */
    public static final String MARKER = "\u0001jgrad-display ";
    /** The kind of a line that shows a value in the middle of a cell (Jupyter's {@code display_data}). */
    public static final String DISPLAY = "display";
    /** The kind of a line that carries a cell's value (Jupyter's {@code execute_result}). */
    public static final String RESULT = "result";

    private Display() {
    }

    /** Shows {@code value} below the cell now: an image or XChart chart as PNG, a small tensor as a table, else text. */
    public static void display(Object value) {
        emit(DISPLAY, Renderers.bundle(value));
    }

    /** Shows {@code value} as the cell's result; the kernel calls this for a cell that ends with an expression. */
    public static void result(Object value) {
        emit(RESULT, Renderers.bundle(value));
    }

    /** One display line for {@code bundle} (MIME type to bytes), without the line break. */
    public static String encode(String kind, Map<String, byte[]> bundle) {
        StringBuilder line = new StringBuilder(MARKER).append(kind);
        Base64.Encoder base64 = Base64.getEncoder();
        bundle.forEach((mime, data) -> line.append(' ').append(mime).append('=').append(base64.encodeToString(data)));
        return line.toString();
    }

    private static void emit(String kind, Map<String, byte[]> bundle) {
        byte[] line = (encode(kind, bundle) + "\n").getBytes(StandardCharsets.UTF_8);
        PrintStream out = System.out;
        out.write(line, 0, line.length);    // NOTE: one write, so another thread's output cannot land inside the line
        out.flush();
    }
}

package io.jgrad.examples.notebook.eval;

import java.util.Map;

/**
 * Where a running cell's output goes, in the order the cell produced it: the Jupyter kernel publishes each piece to
 * the notebook as it comes; the tests collect them.
 */
public interface CellOutput {
    /** Text the cell printed on standard output. */
    void stdout(String text);

    /** Text the cell printed on standard error, and the kernel's notes about the cell. */
    void stderr(String text);

    /**
     * A value shown in the middle of the cell ({@code display(...)}), as a MIME bundle: type to data, where text
     * types hold their text and binary types (images) their Base64, as Jupyter's display data does.
     */
    void display(Map<String, String> bundle);

    /** The value of the cell's last expression, as a MIME bundle like {@link #display}'s. */
    void result(Map<String, String> bundle);
}

package io.jgrad.examples.notebook.eval;

import java.util.List;

/**
 * Why a cell failed, in Jupyter's terms: {@code name} is what kind of error (an exception's simple class name such
 * as {@code IllegalArgumentException}, or {@code CompileError}, {@code Interrupted}, ...), {@code value} its message,
 * and {@code traceback} the lines a notebook shows under the cell: the compiler's diagnostic with the cell's source
 * line and a caret, or the exception with the frames of jgrad and of the cell, never the kernel's own.
 */
public record CellError(String name, String value, List<String> traceback) {
    public CellError {
        traceback = List.copyOf(traceback);
    }
}

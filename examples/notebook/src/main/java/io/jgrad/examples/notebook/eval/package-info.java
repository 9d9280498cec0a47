/**
 * Running cells, with no Jupyter in sight (so tests run notebooks without it): start with
 * {@link io.jgrad.examples.notebook.eval.CellEvaluator}, which runs a cell with JShell in the cells' own JVM
 * ({@link io.jgrad.examples.notebook.eval.NotebookVm} says how it starts); {@code DisplayDecoder} splits that JVM's
 * output into text and display data, and {@code ErrorReports} turns compiler diagnostics and exceptions into
 * {@link io.jgrad.examples.notebook.eval.CellError}s that point at the cell's lines.
 */
package io.jgrad.examples.notebook.eval;

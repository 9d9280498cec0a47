/**
 * A Jupyter kernel for jgrad and the lecture's notebooks in Java ({@code examples/notebook/notebooks/}).
 *
 * <p>Three packages, each depending only on the next: {@code kernel} speaks Jupyter's protocol through JJava's
 * library and hands each cell to {@code eval}, which runs it with JShell in a JVM of its own and turns what it
 * prints into text and display data; {@code display} runs inside that JVM and turns images, charts and tensors
 * into MIME bundles. Start reading at {@link io.jgrad.examples.notebook.eval.CellEvaluator}, then
 * {@link io.jgrad.examples.notebook.display.Display} for how a picture crosses from the cells' JVM to the kernel.
 */
package io.jgrad.examples.notebook;

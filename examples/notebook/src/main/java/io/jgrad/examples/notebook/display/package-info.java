/**
 * What runs inside the cells' JVM to show values: {@link io.jgrad.examples.notebook.display.Display} (the
 * {@code display(...)} cells call, and the line format that carries a value to the kernel), {@code Renderers}
 * (images and XChart charts as PNG), {@link io.jgrad.examples.notebook.display.TensorTable} (small tensors as HTML
 * tables) and {@link io.jgrad.examples.notebook.display.DotGraph} (a tape's DOT graph drawn without Graphviz).
 * Depends on jgrad's core and XChart only, never on the kernel.
 */
package io.jgrad.examples.notebook.display;

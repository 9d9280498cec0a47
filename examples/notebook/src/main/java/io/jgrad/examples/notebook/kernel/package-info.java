/**
 * The Jupyter side: {@link io.jgrad.examples.notebook.kernel.KernelMain} is what the kernel spec starts, and
 * {@link io.jgrad.examples.notebook.kernel.JgradKernel} maps execute, interrupt, complete and inspect requests onto
 * the cell evaluator. The only package that knows Jupyter's messages.
 */
package io.jgrad.examples.notebook.kernel;

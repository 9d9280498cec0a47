/**
 * Reverse-mode automatic differentiation. Start with {@link io.jgrad.autograd.Tape} (recording, and backward as a
 * reverse walk), then the op families, each op's forward computation and gradient rule side by side:
 * {@link io.jgrad.autograd.ElementwiseOps}, {@link io.jgrad.autograd.ShapeOps}, {@link io.jgrad.autograd.ReductionOps},
 * {@link io.jgrad.autograd.MatrixOps}.
 */
package io.jgrad.autograd;

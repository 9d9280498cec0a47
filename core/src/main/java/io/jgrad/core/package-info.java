/**
 * Strided float32 tensors. Start with {@link io.jgrad.core.Shape} and {@link io.jgrad.core.Layout} (how an index
 * becomes a storage position, and why views never copy), then {@link io.jgrad.core.Tensor}, which resolves shapes and
 * broadcasting with the rules on {@code Shape} and calls one {@link io.jgrad.core.Backend} kernel per op.
 *
 * <p>The seam a backend implements is the primitives of {@code Backend} plus the {@link io.jgrad.core.Fused} kernels
 * that training uses to save passes over memory; {@link io.jgrad.core.DefaultBackend} picks the backend of the plain
 * factories without this package naming any backend. {@link io.jgrad.core.Joining} (concat, stack) and
 * {@link io.jgrad.core.Rng} (seeded random numbers) are written on top of Tensor; the backends live in
 * {@code reference} (plain loops, the oracle) and {@code fast} (the Vector API), file formats in {@code io}.
 */
package io.jgrad.core;

/**
 * Strided float32 tensors. Start with {@link io.jgrad.core.Shape} and {@link io.jgrad.core.Layout} (how an index
 * becomes a storage position, and why views never copy), then {@link io.jgrad.core.Tensor}, which resolves shapes and
 * broadcasting and calls one {@link io.jgrad.core.Backend} kernel per op.
 */
package io.jgrad.core;

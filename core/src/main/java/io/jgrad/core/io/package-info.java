/**
 * Saving and loading tensors in the safetensors format, the file format PyTorch and Hugging Face use for weights.
 *
 * <p>Start with {@link io.jgrad.core.io.Safetensors}: {@code write(file, tensors, metadata)} and
 * {@code read(file)}. Behind it, {@code Header} turns the JSON header into checked entries (dtype, shape, byte
 * range) and back, {@code Json} is the small JSON reader and writer the header needs, and {@code Dtype} knows each
 * element type's size and how to widen F16 and BF16 to float.
 */
package io.jgrad.core.io;

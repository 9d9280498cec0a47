package io.jgrad.core;

/**
 * A flat block of float32 elements that one or more tensors view through their {@link Layout}s.
 *
 * <p>Invariant: the length never changes. Storage on the host is {@link HeapStorage}; a GPU backend supplies its
 * own kind of storage holding device memory, which only that backend reads.
 */
public interface Storage {
    /** The number of float elements. */
    int length();
}

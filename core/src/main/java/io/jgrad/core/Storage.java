package io.jgrad.core;

/**
 * A flat block of float32 elements that one or more tensors view through their {@link Layout}s.
 *
 * <p>Invariant: the length never changes. Storage on the host is {@link HeapStorage}; a GPU backend supplies its
 * own kind of storage holding device memory, which only that backend reads.
 *
 * <p>Every storage counts the in-place writes made through any tensor over it, its <em>version</em> (PyTorch keeps
 * the same counter). The tape notes the version of each value an op saves for its gradient and refuses, at
 * backward, a value that changed since: its gradient would be computed from the new numbers.
 */
public abstract class Storage {
    private int version;

    /** The number of float elements. */
    public abstract int length();

    /** How many in-place writes have gone through tensors over this storage. */
    public final int version() {
        return version;
    }

    /** Counts one in-place write; {@link Tensor}'s write gate calls it for every in-place op. */
    final void countWrite() {
        version++;
    }
}

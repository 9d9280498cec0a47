package io.jgrad.core;

/**
 * Storage in a Java {@code float[]} on the heap, shared by the CPU backends.
 *
 * <p>Invariant: {@code data} is never replaced; tensors that share a storage see each other's writes.
 */
public final class HeapStorage implements Storage {
    private final float[] data;

    public HeapStorage(float[] data) {
        this.data = data;
    }

    /** The array itself, not a copy: kernels read and write it directly. */
    public float[] data() {
        return data;
    }

    @Override
    public int length() {
        return data.length;
    }
}

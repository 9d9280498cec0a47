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

    /** The array behind a CPU backend's storage; storage held elsewhere (on a GPU) is an error that says so. */
    public static float[] dataOf(Storage storage) {
        if (storage instanceof HeapStorage heap) {
            return heap.data;
        }
        throw new IllegalArgumentException("a CPU backend was handed a tensor whose storage is not on the heap: "
                + storage.getClass().getSimpleName() + "; move it with to(backend) first");
    }

    @Override
    public int length() {
        return data.length;
    }
}

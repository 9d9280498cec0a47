package io.jgrad.core;

/**
 * Storage in a Java {@code float[]} on the heap, shared by the CPU backends.
 *
 * <p>Invariant: tensors that share a storage see each other's writes. A buffer pool that lent the array takes it
 * back with {@link #revoke} when its reuse scope closes; from then on the storage refuses to give the array out,
 * so a tensor used after its scope fails with a message instead of reading numbers another tensor now owns.
 */
public final class HeapStorage extends Storage {
    private final int length;
    private float[] data;

    public HeapStorage(float[] data) {
        this.data = data;
        this.length = data.length;
    }

    /** The array itself, not a copy: kernels read and write it directly. */
    public float[] data() {
        if (data == null) {
            throw new IllegalStateException("a tensor was used after the reuse scope it was made in closed: its"
                    + " buffer went back to the backend's pool; keep what must outlive a step outside the scope"
                    + " (a copy made after it closes, or a tensor made before it opened)");
        }
        return data;
    }

    /**
     * Forgets the array, which the pool that lent it has taken back ({@code data()} first): the storage refuses to be
     * read or written from now on.
     */
    public void revoke() {
        data = null;
    }

    /** The array behind a CPU backend's storage; storage held elsewhere (on a GPU) is an error that says so. */
    public static float[] dataOf(Storage storage) {
        if (storage instanceof HeapStorage heap) {
            return heap.data();
        }
        throw new IllegalArgumentException("a CPU backend was handed a tensor whose storage is not on the heap: "
                + storage.getClass().getSimpleName() + "; move it with to(backend) first");
    }

    @Override
    public int length() {
        return length;
    }
}

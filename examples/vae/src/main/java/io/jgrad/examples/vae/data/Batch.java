package io.jgrad.examples.vae.data;

import io.jgrad.core.Backend;
import io.jgrad.core.Tensor;

/**
 * One batch of a data set walked in a given order: the images {@code order[from] .. order[from + count - 1]}.
 * Training and evaluation walk a set the same way, with {@link MnistSet#batches}:
 * <pre>{@code
 * for (Batch batch : set.batches(order, 256)) {
 *     try (Backend.Scope reuse = backend.reuseScope()) {
 *         Tensor x = batch.images(backend);     // [count, 784], made inside the scope, so its storage is recycled
 *         ...
 *     }
 * }
 * }</pre>
 */
public final class Batch {
    private final MnistSet set;
    private final int[] order;
    private final int index;
    private final int from;
    private final int count;

    Batch(MnistSet set, int[] order, int index, int from, int count) {
        this.set = set;
        this.order = order;
        this.index = index;
        this.from = from;
        this.count = count;
    }

    /** The batch's number in the walk, from 0. */
    public int index() {
        return index;
    }

    /** How many images of the walk come before this batch. */
    public int from() {
        return from;
    }

    /** How many images the batch holds (the last batch of a walk may hold fewer). */
    public int count() {
        return count;
    }

    /**
     * The batch's images as a {@code [count, image]} tensor of pixels in [0, 1] on {@code backend}, written straight
     * into the tensor's storage on a CPU backend, a range of images per thread.
     */
    public Tensor images(Backend backend) {
        int size = set.imageSize();
        return Tensor.fromWriter(backend,
                (out, lo, hi) -> set.copyBatch(order, from + lo / size, (hi - lo) / size, out, lo), count, size);
    }
}

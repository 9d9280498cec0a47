package io.jgrad.cuda;

import io.jgrad.core.Storage;
import java.lang.ref.Cleaner;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Float32 storage in GPU memory, {@code 4 * length} bytes, read and written only by {@link CudaBackend}'s kernels
 * and copies. It comes in two kinds:
 *
 * <ul>
 *   <li><em>owned</em> (made outside any reuse scope): one device allocation of its own. {@link #close()} frees it,
 *       promptly and exactly once; a {@link Cleaner} frees it too when the storage becomes unreachable unclosed, so
 *       a loop that makes and drops tensors does not leak, though the memory returns only when the garbage
 *       collector notices.</li>
 *   <li><em>lent</em> by a {@link DevicePool} inside a reuse scope: a view of a block the pool owns. When the
 *       scope closes (or on {@link #close()}) the storage is revoked and the block goes back to the pool; no
 *       Cleaner is involved, since freeing the block is the pool's business.</li>
 * </ul>
 *
 * <p>Invariants: {@link #liveAllocations()} counts device allocations made and not yet freed, the pool's blocks
 * included, so tests can check that it returns to where it started; a closed or revoked storage refuses to give out
 * its address; the empty storage (length 0) allocates nothing.
 */
public final class CudaStorage extends Storage implements AutoCloseable {
    static final Cleaner CLEANER = Cleaner.create();
    private static final AtomicInteger LIVE = new AtomicInteger();

    private final int length;
    private final Allocation allocation;
    private final Cleaner.Cleanable cleanable;

    /** Owned, uninitialised storage of {@code length} floats on {@code device}. */
    CudaStorage(Device device, int length) {
        if (length < 0) {
            throw new IllegalArgumentException("cuda: negative storage length " + length);
        }
        this.length = length;
        this.allocation = new Allocation(device, length == 0 ? 0 : allocate(device, 4L * length));
        this.cleanable = CLEANER.register(this, allocation);
    }

    private CudaStorage(int length, long address) {
        this.length = length;
        this.allocation = new Allocation(null, address);
        this.cleanable = null;
    }

    /** Storage over {@code length} floats at {@code address}, a block that a {@link DevicePool} owns and frees. */
    static CudaStorage lent(int length, long address) {
        return new CudaStorage(length, address);
    }

    /** A device allocation of {@code bytes} > 0 bytes, counted as live until {@link #free} frees it. */
    static long allocate(Device device, long bytes) {
        long address = device.allocate(bytes);
        LIVE.incrementAndGet();
        return address;
    }

    /** Frees an allocation made by {@link #allocate}. */
    static void free(Device device, long address) {
        try {
            device.free(address);
        } finally {
            LIVE.decrementAndGet();
        }
    }

    /** Device allocations made by any CudaStorage or pool and not yet freed. */
    public static int liveAllocations() {
        return LIVE.get();
    }

    @Override
    public int length() {
        return length;
    }

    /** The byte address of element 0. */
    long address() {
        if (allocation.closed.get()) {
            throw new IllegalStateException(allocation.device == null
                    ? "cuda: this storage of " + length + " floats was made in a reuse scope that has closed (or was "
                            + "closed); nothing made in a scope may be used after it"
                    : "cuda: this storage of " + length + " floats was closed");
        }
        return allocation.address;
    }

    public boolean isClosed() {
        return allocation.closed.get();
    }

    /**
     * Owned storage: frees the device memory now; later calls do nothing. Lent storage: refuses use from now on
     * (its block returns to the pool when the scope closes). Tensors over this storage must not be used again.
     */
    @Override
    public void close() {
        if (cleanable != null) {
            cleanable.clean();
        } else {
            allocation.run();
        }
    }

    /**
     * The part the Cleaner holds: it must not refer back to the CudaStorage, or the storage would never become
     * unreachable. Runs at most once, from {@link #close()} or from the Cleaner's thread. {@code device} is null
     * for lent storage, whose memory is not this object's to free.
     */
    private static final class Allocation implements Runnable {
        private final Device device;
        private final long address;
        private final AtomicBoolean closed = new AtomicBoolean();

        Allocation(Device device, long address) {
            this.device = device;
            this.address = address;
        }

        @Override
        public void run() {
            if (closed.getAndSet(true) || device == null || address == 0) {
                return;
            }
            free(device, address);
        }
    }
}

package io.jgrad.cuda;

import io.jgrad.core.Storage;
import java.lang.ref.Cleaner;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Float32 storage in GPU memory: one device allocation of {@code 4 * length} bytes, read and written only by
 * {@link CudaBackend}'s kernels and copies.
 *
 * <p>{@link #close()} is the way to free it, promptly and exactly once. A {@link Cleaner} frees it too when the
 * storage becomes unreachable without being closed: a training loop that makes and drops tensors every step does
 * not leak, though the memory returns only when the garbage collector notices, which for large tensors may be
 * later than the GPU would like.
 *
 * <p>Invariants: {@link #liveAllocations()} counts allocations made and not yet freed, so tests can check that it
 * returns to where it started; a closed storage refuses to give out its address; the empty storage
 * (length 0) allocates nothing.
 */
public final class CudaStorage implements Storage, AutoCloseable {
    private static final Cleaner CLEANER = Cleaner.create();
    private static final AtomicInteger LIVE = new AtomicInteger();

    private final int length;
    private final Allocation allocation;
    private final Cleaner.Cleanable cleanable;

    /** Uninitialised storage of {@code length} floats on {@code device}. */
    CudaStorage(Device device, int length) {
        if (length < 0) {
            throw new IllegalArgumentException("cuda: negative storage length " + length);
        }
        this.length = length;
        long address = length == 0 ? 0 : device.allocate(4L * length);
        if (address != 0) {
            LIVE.incrementAndGet();
        }
        this.allocation = new Allocation(device, address);
        this.cleanable = CLEANER.register(this, allocation);
    }

    /** Device allocations made by any CudaStorage and not yet freed. */
    public static int liveAllocations() {
        return LIVE.get();
    }

    @Override
    public int length() {
        return length;
    }

    /** The byte address of element 0. */
    long address() {
        if (allocation.freed.get()) {
            throw new IllegalStateException("cuda: this storage of " + length + " floats was closed");
        }
        return allocation.address;
    }

    public boolean isClosed() {
        return allocation.freed.get();
    }

    /** Frees the device memory now; later calls do nothing. Tensors over this storage must not be used again. */
    @Override
    public void close() {
        cleanable.clean();
    }

    /**
     * The part the Cleaner holds: it must not refer back to the CudaStorage, or the storage would never become
     * unreachable. Runs at most once, from {@link #close()} or from the Cleaner's thread.
     */
    private static final class Allocation implements Runnable {
        private final Device device;
        private final long address;
        private final AtomicBoolean freed = new AtomicBoolean();

        Allocation(Device device, long address) {
            this.device = device;
            this.address = address;
        }

        @Override
        public void run() {
            if (freed.getAndSet(true) || address == 0) {
                return;
            }
            try {
                device.free(address);
            } finally {
                LIVE.decrementAndGet();
            }
        }
    }
}

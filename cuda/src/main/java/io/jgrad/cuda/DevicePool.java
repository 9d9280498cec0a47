package io.jgrad.cuda;

import io.jgrad.core.Backend;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The caching allocator behind {@link CudaBackend#withBufferReuse()}: device blocks lent out as
 * {@link CudaStorage} inside reuse scopes and taken back when the outermost scope closes. A training step asks for
 * the same lengths as the step before, so after the first step it finds every block it needs here and calls
 * neither cuMemAlloc nor cuMemFree. (The CPU version is core's {@code BufferPool}.)
 *
 * <p>Invariants: a block is either free (kept by its length in floats) or lent to exactly one storage, never
 * both; when the outermost scope closes every lent storage is revoked, so a tensor that outlives its scope fails
 * with a message instead of reading a block that another tensor now owns. Outside a scope nothing is lent and
 * {@link #take} returns null. Scopes belong to one thread at a time: another thread allocating meanwhile gets owned
 * storage, and opening a scope from another thread is refused. Every block counts in {@link CudaStorage#liveAllocations()} until {@link #release}
 * (or the Cleaner, via {@link #abandon}) frees it. Methods are synchronized: the Cleaner runs on its own thread.
 */
final class DevicePool {
    private record Lent(CudaStorage storage, long address) {
    }

    private final Device device;
    private final Map<Integer, ArrayDeque<Long>> free = new HashMap<>();
    private final List<Lent> lent = new ArrayList<>();
    private Thread owner;
    private int depth;
    private int blocks;

    DevicePool(Device device) {
        this.device = device;
    }

    /** Storage of {@code length} > 0 floats with stale contents, lent until the scope closes; null outside a scope. */
    synchronized CudaStorage take(int length) {
        if (depth == 0 || length == 0 || owner != Thread.currentThread()) {
            return null;
        }
        ArrayDeque<Long> sameLength = free.get(length);
        long address;
        if (sameLength == null || sameLength.isEmpty()) {
            address = CudaStorage.allocate(device, 4L * length);
            blocks++;
        } else {
            address = sameLength.pop();
        }
        CudaStorage storage = CudaStorage.lent(length, address);
        lent.add(new Lent(storage, address));
        return storage;
    }

    /** Opens a scope; scopes nest, and blocks come back when the outermost one closes. Closing twice is harmless. */
    synchronized Backend.Scope open() {
        Thread caller = Thread.currentThread();
        if (depth > 0 && owner != caller) {
            throw new IllegalStateException("cuda: reuseScope: this backend's buffer pool is in use by thread '"
                    + owner.getName() + "'; give each thread a backend of its own (withBufferReuse())");
        }
        owner = caller;
        depth++;
        AtomicBoolean closed = new AtomicBoolean();
        return () -> {
            if (!closed.getAndSet(true)) {
                close();
            }
        };
    }

    private synchronized void close() {
        if (depth > 0 && --depth == 0) {
            takeBackLent();
            owner = null;
        }
    }

    /** Revokes every lent storage and makes its block free again. */
    private void takeBackLent() {
        for (Lent l : lent) {
            l.storage().close();
            free.computeIfAbsent(l.storage().length(), length -> new ArrayDeque<>()).push(l.address());
        }
        lent.clear();
    }

    /** How many blocks the pool holds, free or lent: constant once a loop has warmed up. */
    synchronized int blocks() {
        return blocks;
    }

    /** Frees every free block now; the pool stays usable and allocates anew in the next scope. */
    synchronized void release() {
        if (depth > 0) {
            throw new IllegalStateException("cuda: cannot release the buffer pool inside a reuse scope; its buffers "
                    + "are in use until the scope closes");
        }
        freeIdleBlocks();
    }

    /** The owning backend is unreachable, so no scope can be used again: revoke and free everything. */
    synchronized void abandon() {
        depth = 0;
        takeBackLent();
        freeIdleBlocks();
    }

    private void freeIdleBlocks() {
        for (ArrayDeque<Long> sameLength : free.values()) {
            for (long address : sameLength) {
                CudaStorage.free(device, address);
                blocks--;
            }
        }
        free.clear();
    }
}

package io.jgrad.core.fast;

import io.jgrad.core.Backend;
import io.jgrad.core.HeapStorage;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Heap buffers lent out inside a reuse scope and taken back when the outermost scope closes, so that a training
 * loop, whose steps all allocate the same sizes, stops allocating after its first step. (The GPU version is
 * cuda's {@code DevicePool}.)
 *
 * <p>Invariants: a buffer is either free (kept by length) or lent to exactly one storage, never both; when the
 * outermost scope closes every lent storage is {@linkplain HeapStorage#revoke revoked}, so a tensor that outlives
 * its scope fails with a message instead of reading a buffer another tensor now owns. Scopes belong to one thread at
 * a time: another thread that allocates while they are open gets plain, owned storage, and opening a scope from
 * another thread is refused (a step on each of two threads would hand one buffer to both).
 */
final class BufferPool {
    private final Map<Integer, ArrayDeque<float[]>> free = new HashMap<>();
    private final List<HeapStorage> lent = new ArrayList<>();
    private Thread owner;
    private int depth;

    /** Storage of exactly {@code length} floats with stale contents, lent until the scope closes; null outside one. */
    synchronized HeapStorage take(int length) {
        if (depth == 0 || owner != Thread.currentThread()) {
            return null;
        }
        ArrayDeque<float[]> sameLength = free.get(length);
        HeapStorage storage = new HeapStorage(sameLength == null || sameLength.isEmpty() ? new float[length] : sameLength.pop());
        lent.add(storage);
        return storage;
    }

    /** Opens a scope; scopes nest, and buffers come back when the outermost one closes. Closing twice is harmless. */
    synchronized Backend.Scope open() {
        Thread caller = Thread.currentThread();
        if (depth > 0 && owner != caller) {
            throw new IllegalStateException("reuseScope: this backend's buffer pool is in use by thread '"
                    + owner.getName() + "'; give each thread a backend of its own (FastBackend.withBufferReuse())");
        }
        owner = caller;
        depth++;
        boolean[] closed = {false};
        return () -> close(closed);
    }

    private synchronized void close(boolean[] closed) {
        if (closed[0]) {
            return;
        }
        closed[0] = true;
        if (--depth == 0) {
            for (HeapStorage storage : lent) {
                free.computeIfAbsent(storage.length(), length -> new ArrayDeque<>()).push(storage.data());
                storage.revoke();
            }
            lent.clear();
            owner = null;
        }
    }

    /** How many buffers the pool has ever made: constant once a loop has warmed up. */
    synchronized int buffersMade() {
        int count = lent.size();
        for (ArrayDeque<float[]> sameLength : free.values()) {
            count += sameLength.size();
        }
        return count;
    }
}

package io.jgrad.core.fast;

import io.jgrad.core.Backend;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Heap buffers lent out inside a reuse scope and taken back when the outermost scope closes, so that a training
 * loop, whose steps all allocate the same sizes, stops allocating after its first step.
 *
 * <p>Invariant: a buffer is either free (kept by length) or lent (listed until the scope closes), never both;
 * outside a scope nothing is pooled and {@link #take} returns null.
 */
final class BufferPool {
    private final Map<Integer, ArrayDeque<float[]>> free = new HashMap<>();
    private final List<float[]> lent = new ArrayList<>();
    private int depth;

    /** A buffer of exactly {@code length} floats with stale contents, or null when no scope is open. */
    synchronized float[] take(int length) {
        if (depth == 0) {
            return null;
        }
        ArrayDeque<float[]> sameLength = free.get(length);
        float[] buffer = sameLength == null || sameLength.isEmpty() ? new float[length] : sameLength.pop();
        lent.add(buffer);
        return buffer;
    }

    /** Opens a scope; scopes nest, and buffers come back when the outermost one closes. */
    synchronized Backend.Scope open() {
        depth++;
        return this::close;
    }

    private synchronized void close() {
        if (--depth == 0) {
            for (float[] buffer : lent) {
                free.computeIfAbsent(buffer.length, length -> new ArrayDeque<>()).push(buffer);
            }
            lent.clear();
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

package io.jgrad.core.fast;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jgrad.core.Backend;
import io.jgrad.core.Tensor;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The fast backend's buffer pool recycles what a reuse scope made, so a tensor must not outlive its scope, and two
 * threads must not share a scope. Both are refused with a message rather than handing one buffer to two tensors.
 */
class BufferReuseTest {

    @Test
    void aTensorUsedAfterItsScopeClosedIsRefusedInsteadOfReadingARecycledBuffer() {
        FastBackend backend = FastBackend.withBufferReuse();
        Tensor escaped;
        try (Backend.Scope scope = backend.reuseScope()) {
            escaped = Tensor.of(backend, new float[] {1, 2, 3}, 3).mul(2f);
        }
        try (Backend.Scope scope = backend.reuseScope()) {
            Tensor.of(backend, new float[] {7, 7, 7}, 3).mul(1f);     // takes the buffers back out of the pool
        }
        IllegalStateException e = assertThrows(IllegalStateException.class, escaped::toArray);
        assertTrue(e.getMessage().contains("after the reuse scope it was made in closed"), e.getMessage());
    }

    @Test
    void aWriterInsideAScopeWritesIntoTheLentBufferItselfWithNothingCopied() {
        FastBackend backend = FastBackend.withBufferReuse();
        float[][] handed = new float[1][];
        try (Backend.Scope scope = backend.reuseScope()) {
            Tensor x = Tensor.fromWriter(backend, (values, from, to) -> {
                handed[0] = values;
                Arrays.fill(values, from, to, 3f);
            }, 4, 5);
            assertSame(handed[0], FastBackend.data(x), "the writer wrote the tensor's own storage");
            assertEquals(60f, x.sum().item());
        }
    }

    @Test
    void tensorsMadeOutsideAnyScopeAreOwnedAndStay() {
        FastBackend backend = FastBackend.withBufferReuse();
        Tensor kept = Tensor.of(backend, new float[] {1, 2, 3}, 3).mul(2f);
        try (Backend.Scope scope = backend.reuseScope()) {
            kept.add(kept);
        }
        assertArrayEquals(new float[] {2, 4, 6}, kept.toArray());
    }

    @Test
    void anotherThreadAllocatingWhileAScopeIsOpenGetsStorageOfItsOwn() throws InterruptedException {
        FastBackend backend = FastBackend.withBufferReuse();
        AtomicReference<Tensor> made = new AtomicReference<>();
        try (Backend.Scope scope = backend.reuseScope()) {
            Thread other = new Thread(() -> made.set(Tensor.of(backend, new float[] {5, 6}, 2).mul(1f)));
            other.start();
            other.join();
        }
        try (Backend.Scope scope = backend.reuseScope()) {
            Tensor.of(backend, new float[] {0, 0}, 2).mul(1f);
        }
        assertArrayEquals(new float[] {5, 6}, made.get().toArray(), "the other thread's tensor was not recycled");
    }

    @Test
    void openingAScopeFromASecondThreadWhileOneIsOpenIsRefused() throws InterruptedException {
        FastBackend backend = FastBackend.withBufferReuse();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        try (Backend.Scope scope = backend.reuseScope()) {
            Thread other = new Thread(() -> {
                try (Backend.Scope second = backend.reuseScope()) {
                    thrown.set(null);
                } catch (Throwable t) {
                    thrown.set(t);
                }
            }, "second");
            other.start();
            other.join();
        }
        assertTrue(thrown.get() instanceof IllegalStateException, String.valueOf(thrown.get()));
        assertTrue(thrown.get().getMessage().contains("give each thread a backend of its own"), thrown.get().getMessage());
        try (Backend.Scope again = backend.reuseScope()) {
            assertEquals(2f, Tensor.of(backend, new float[] {1, 1}, 2).sum().item(), "usable again once closed");
        }
    }
}

package io.jgrad.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jgrad.core.Backend;
import io.jgrad.core.Fused;
import io.jgrad.core.Rng;
import io.jgrad.core.Tensor;
import org.junit.jupiter.api.Test;

/**
 * {@link CudaBackend#withBufferReuse()}: a training loop whose steps each run in a reuse scope allocates device
 * memory in its first step only, computes exactly what the plain backend computes (pooled blocks arrive with stale
 * contents), leaves no allocation behind once the pool is released, and never lets a tensor outlive its scope.
 */
abstract class BufferReuseChecks {
    protected abstract CudaBackend backend();

    /** A few steps of least squares, y = x w, each in a scope: the shape of the VAE trainer's loop. */
    private static float[] train(CudaBackend cuda, int steps, int[] liveAfterStep, int[] pooledAfterStep) {
        Rng rng = new Rng(11);
        Tensor w = Tensor.of(cuda, rng.normal(32, 0f, 1f), 8, 4);                           // [in, out]
        Tensor m = Tensor.zeros(cuda, 8, 4);
        Tensor v = Tensor.zeros(cuda, 8, 4);
        float[] losses = new float[steps];
        for (int step = 0; step < steps; step++) {
            try (Backend.Scope scope = cuda.reuseScope()) {
                Tensor x = Tensor.of(cuda, rng.normal(128, 0f, 1f), 16, 8);                 // [batch, in]
                Tensor target = Tensor.of(cuda, rng.normal(64, 0f, 1f), 16, 4);             // [batch, out]
                Tensor error = x.matmul(w).sub(target);
                losses[step] = error.square().mean().item();
                Tensor grad = x.t().matmul(error.mul(2f / error.numel()));
                Fused.adamStep(w, grad, m, v, 0.9f, 0.999f, 1e-8f, 0.01f, 0.5f);
            }
            liveAfterStep[step] = CudaStorage.liveAllocations();
            pooledAfterStep[step] = cuda.pooledBuffers();
        }
        for (Tensor t : new Tensor[] {w, m, v}) {
            ((CudaStorage) t.storage()).close();
        }
        return losses;
    }

    @Test
    void aTrainingLoopAllocatesInItsFirstStepOnlyAndLeavesNothingAfterRelease() throws InterruptedException {
        MemoryAndAdamChecks.drainUnreachableStorage();
        CudaBackend reusing = backend().withBufferReuse();
        int[] live = new int[6];
        int[] pooled = new int[6];
        float[] losses = train(reusing, 6, live, pooled);
        assertTrue(pooled[0] > 5, "the first step fills the pool: " + pooled[0]);
        for (int step = 1; step < 6; step++) {
            assertEquals(pooled[0], pooled[step], "buffers in the pool after step " + (step + 1));
            assertEquals(live[0], live[step], "device allocations after step " + (step + 1));
        }
        assertEquals(pooled[0] + 3, live[5], "the pool's buffers and the three owned tensors (w, m, v)");
        assertEquals(pooled[0], CudaStorage.liveAllocations(), "w, m and v are closed; the idle pool remains");
        reusing.releaseBuffers();
        assertEquals(0, reusing.pooledBuffers());
        assertEquals(0, CudaStorage.liveAllocations(), "release frees every pooled buffer");

        MemoryAndAdamChecks.drainUnreachableStorage();
        float[] plain = train(backend(), 6, new int[6], new int[6]);
        assertArrayEquals(plain, losses, "stale pooled memory changes nothing: the same losses bit for bit");
    }

    @Test
    void aTensorUsedAfterItsScopeClosedIsRefused() {
        CudaBackend reusing = backend().withBufferReuse();
        Tensor escaped;
        try (Backend.Scope scope = reusing.reuseScope()) {
            escaped = Tensor.of(reusing, new float[] {1f, 2f, 3f}, 3).exp();
            assertEquals(3, escaped.toArray().length);
        }
        IllegalStateException e = assertThrows(IllegalStateException.class, escaped::toArray);
        assertTrue(e.getMessage().contains("reuse scope that has closed"), e.getMessage());
        reusing.releaseBuffers();
    }

    // A scope belongs to the thread that opened it: another thread's tensors are owned, its scopes refused.
    @Test
    void anotherThreadGetsOwnedStorageAndCannotOpenAScopeWhileOneIsOpen() throws InterruptedException {
        CudaBackend reusing = backend().withBufferReuse();
        java.util.concurrent.atomic.AtomicReference<Object> result = new java.util.concurrent.atomic.AtomicReference<>();
        try (Backend.Scope scope = reusing.reuseScope()) {
            Thread other = new Thread(() -> {
                Tensor owned = Tensor.of(reusing, new float[] {4f, 5f}, 2);
                try (Backend.Scope second = reusing.reuseScope()) {
                    result.set("opened");
                } catch (IllegalStateException e) {
                    result.set(owned);
                }
            });
            other.start();
            other.join();
        }
        assertTrue(result.get() instanceof Tensor, "a second thread's scope must be refused: " + result.get());
        assertArrayEquals(new float[] {4f, 5f}, ((Tensor) result.get()).toArray(), "not revoked with the scope");
        reusing.releaseBuffers();
    }

    @Test
    void scopesNestAndOnlyTheOutermostTakesStorageBack() {
        CudaBackend reusing = backend().withBufferReuse();
        try (Backend.Scope outer = reusing.reuseScope()) {
            Tensor inner;
            try (Backend.Scope scope = reusing.reuseScope()) {
                inner = Tensor.of(reusing, new float[] {1f, 2f}, 2);
            }
            assertArrayEquals(new float[] {1f, 2f}, inner.toArray(), "still lent: the outer scope is open");
            IllegalStateException e = assertThrows(IllegalStateException.class, reusing::releaseBuffers);
            assertTrue(e.getMessage().contains("inside a reuse scope"), e.getMessage());
        }
        reusing.releaseBuffers();
        assertEquals(0, reusing.pooledBuffers());
    }

    @Test
    void storageMadeOutsideAScopeIsOwnedAndNotPooled() {
        CudaBackend reusing = backend().withBufferReuse();
        Tensor owned = Tensor.of(reusing, new float[] {4f, 5f}, 2);
        try (Backend.Scope scope = reusing.reuseScope()) {
            assertArrayEquals(new float[] {5f, 6f}, owned.add(1f).toArray());
        }
        assertArrayEquals(new float[] {4f, 5f}, owned.toArray(), "usable after the scope");
        assertEquals(2, reusing.pooledBuffers(), "only the scalar 1 and the sum came from the pool");
        ((CudaStorage) owned.storage()).close();
        reusing.releaseBuffers();
    }

    // A recycled block holds the last step's values: allocate must clear it, fromArray overwrite it.
    @Test
    void recycledBuffersAreClearedWhereZerosArePromised() {
        CudaBackend reusing = backend().withBufferReuse();
        for (int step = 0; step < 3; step++) {
            try (Backend.Scope scope = reusing.reuseScope()) {
                assertArrayEquals(new float[5], Tensor.zeros(reusing, 5).toArray(), "zeros in step " + step);
                Tensor.zeros(reusing, 5).fillInPlace(7f);
                Tensor.of(reusing, new float[] {1, 2, 3, 4, 5}, 5).fillInPlace(-1f);
            }
        }
        assertEquals(3, reusing.pooledBuffers());
        reusing.releaseBuffers();
    }

    @Test
    void aPoolWhoseBackendIsDroppedIsFreedByTheCleaner() throws InterruptedException {
        MemoryAndAdamChecks.drainUnreachableStorage();
        CudaBackend reusing = backend().withBufferReuse();
        try (Backend.Scope scope = reusing.reuseScope()) {
            Tensor.of(reusing, new float[100], 10, 10).exp().sum();
        }
        assertEquals(3, CudaStorage.liveAllocations());
        reusing = null;
        MemoryAndAdamChecks.drainUnreachableStorage();
    }
}

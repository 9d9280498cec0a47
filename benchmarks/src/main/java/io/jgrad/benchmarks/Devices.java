package io.jgrad.benchmarks;

import io.jgrad.core.Backend;
import io.jgrad.core.fast.FastBackend;
import io.jgrad.core.reference.ReferenceBackend;
import io.jgrad.cuda.CudaBackend;

/**
 * The {@code -p device=...} of the benchmarks, named as {@code ./vae --device} names them: {@code cpu} (the fast
 * Vector API backend), {@code reference} (the plain loops of {@link ReferenceBackend}, to time the fast kernels
 * against) and {@code cuda} (jgrad's CUDA kernels; without a GPU the setup fails with the reason, and JMH goes on
 * with the other parameters).
 */
final class Devices {
    private Devices() {
    }

    /** The backend {@code device} names; with {@code reuse}, one that recycles the buffers of its reuse scopes. */
    static Backend open(String device, boolean reuse) {
        return switch (device) {
            case "cpu" -> reuse ? FastBackend.withBufferReuse() : FastBackend.INSTANCE;
            case "reference" -> ReferenceBackend.INSTANCE;
            case "cuda" -> reuse ? CudaBackend.open().withBufferReuse() : CudaBackend.open();
            default -> throw new IllegalArgumentException("-p device=" + device + ": expected cpu, reference or cuda");
        };
    }

    /**
     * Waits until the backend has finished what it was given: a GPU runs kernels after their launch returns, so a
     * benchmark that timed launches alone would time nothing. The CPU backends finish before they return.
     */
    static void finish(Backend backend) {
        if (backend instanceof CudaBackend gpu) {
            gpu.synchronize();
        }
    }
}

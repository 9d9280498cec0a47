package io.jgrad.examples.vae;

import io.jgrad.core.Backend;
import io.jgrad.core.fast.FastBackend;
import io.jgrad.core.fast.Gemm;
import io.jgrad.cuda.CudaBackend;

/**
 * Maps {@code --device} to a backend. Both backends recycle buffers: the trainer runs each step in a
 * {@link Backend#reuseScope()}, so after the first step no step allocates memory, on the heap or on the GPU.
 * Asking for a device that cannot be used is an error with a one-line reason, never a fallback.
 */
final class Devices {
    private Devices() {
    }

    /**
     * @throws io.jgrad.cuda.CudaUnavailableException for {@code cuda} on a machine without a usable GPU; its message
     *     says why in one line and ends with "Use --device cpu."
     */
    static Backend open(String device, int threads) {
        if (threads < 0) {
            throw new IllegalArgumentException("--threads " + threads + ": expected 0 (all cores) or a positive count");
        }
        return switch (device) {
            case "cpu" -> {
                Gemm.setThreads(threads == 0 ? Runtime.getRuntime().availableProcessors() : threads);
                yield FastBackend.withBufferReuse();
            }
            case "cuda" -> CudaBackend.open().withBufferReuse();
            default -> throw new IllegalArgumentException("--device " + device + ": expected cpu or cuda");
        };
    }
}

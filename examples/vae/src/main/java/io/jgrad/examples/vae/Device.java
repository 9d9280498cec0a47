package io.jgrad.examples.vae;

import io.jgrad.core.Backend;
import io.jgrad.core.fast.FastBackend;
import io.jgrad.core.reference.ReferenceBackend;
import io.jgrad.cuda.CudaBackend;

/**
 * {@code --device}: where the tensors live and which kernels compute. The fast and CUDA backends recycle buffers:
 * the trainer runs each step in a {@link Backend#reuseScope()}, so after the first step no step allocates memory, on
 * the heap or on the GPU. Asking for a device that cannot be used is an error with a one-line reason, never a
 * fallback.
 */
enum Device {
    /** The fast Vector API backend, on {@code --threads} cores. */
    CPU,
    /** The plain loops of {@link ReferenceBackend}: slow and obvious, to step through in a debugger or time against cpu. */
    REFERENCE,
    /** jgrad's CUDA kernels on an NVIDIA GPU. */
    CUDA;

    /**
     * @param threads cores the fast backend splits its work across (0: all of them)
     * @throws io.jgrad.cuda.CudaUnavailableException for {@code cuda} on a machine without a usable GPU; its message
     *     says why in one line and ends with "Use --device cpu."
     */
    Backend open(int threads) {
        return switch (this) {
            case CPU -> {
                FastBackend.setThreads(threads == 0 ? Runtime.getRuntime().availableProcessors() : threads);
                yield FastBackend.withBufferReuse();
            }
            case REFERENCE -> ReferenceBackend.INSTANCE;
            case CUDA -> CudaBackend.open().withBufferReuse();
        };
    }
}

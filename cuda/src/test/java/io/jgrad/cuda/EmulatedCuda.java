package io.jgrad.cuda;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A {@link CudaBackend} whose kernels run on the CPU emulator ({@link EmulatedDevice}), for tests here and in other
 * modules (through this module's test-jar): code written for the GPU backend runs through the real kernels and
 * the backend's plumbing on a machine without a GPU.
 *
 * <p>Invariant: one backend per JVM over the one emulator process. Tests in another module's directory find the
 * kernels and the emulator's sources through {@code -Djgrad.cuda.module=<path of cuda/>}.
 */
public final class EmulatedCuda {
    private static CudaBackend backend;

    private EmulatedCuda() {
    }

    /** The emulated backend, started on first use; skips the calling test, with the reason, where there is no g++. */
    public static synchronized CudaBackend backendOrSkip() {
        String reason = EmulatedDevice.availability();
        assumeTrue(reason.isEmpty(), reason);
        if (backend == null) {
            backend = new CudaBackend(EmulatedDevice.shared());
        }
        return backend;
    }
}

package io.jgrad.cuda;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * How GPU tests get their backend: skipped, with {@link CudaBackend#availability()}'s one-line reason, where no
 * GPU is usable; failed instead when {@code -Djgrad.cuda.required=true} says this machine must have one.
 */
final class Gpu {
    private Gpu() {
    }

    static CudaBackend backendOrSkip() {
        String reason = CudaBackend.availability();
        if (!reason.isEmpty() && Boolean.getBoolean("jgrad.cuda.required")) {
            fail("jgrad.cuda.required is set but " + reason);
        }
        assumeTrue(reason.isEmpty(), reason);
        return CudaBackend.open();
    }
}

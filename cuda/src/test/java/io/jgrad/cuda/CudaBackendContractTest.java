package io.jgrad.cuda;

import io.jgrad.core.Backend;
import io.jgrad.core.BackendContract;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;

/**
 * Core's shared backend contract, run on the GPU through JCuda. Tagged {@code gpu}; each test skips with
 * {@link CudaBackend#availability()}'s reason where no GPU is usable.
 *
 * <p>NOTE: the skip happens before each test, not inside {@link #backend()}: the contract calls backend() inside
 * its property harness, which reports any exception of a case, an assumption's abort included, as a failure.
 */
@Tag("gpu")
class CudaBackendContractTest extends BackendContract {
    private CudaBackend backend;

    @BeforeEach
    void openOrSkip() {
        backend = Gpu.backendOrSkip();
    }

    @Override
    protected Backend backend() {
        return backend;
    }
}

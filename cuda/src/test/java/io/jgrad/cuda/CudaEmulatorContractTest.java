package io.jgrad.cuda;

import io.jgrad.core.Backend;
import io.jgrad.core.BackendContract;
import org.junit.jupiter.api.BeforeEach;

/**
 * Core's shared backend contract, run by {@link CudaBackend} on the kernel emulator (see {@link CudaOnEmulatorTest}):
 * the same properties the CPU backends keep, on random strided, permuted and broadcast layouts, checked against
 * values the test computes itself. Skips with the reason where there is no g++.
 *
 * <p>NOTE: as in {@link CudaBackendContractTest}, the skip happens before each test, not inside {@link #backend()},
 * which the contract calls inside its property harness.
 */
class CudaEmulatorContractTest extends BackendContract {
    private CudaBackend backend;

    @BeforeEach
    void startOrSkip() {
        backend = CudaOnEmulatorTest.emulated();
    }

    @Override
    protected Backend backend() {
        return backend;
    }
}

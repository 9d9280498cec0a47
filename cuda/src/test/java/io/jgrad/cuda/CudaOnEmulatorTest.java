package io.jgrad.cuda;

import org.junit.jupiter.api.Nested;

/**
 * Every kernel check, run by {@link CudaBackend} on {@link EmulatedDevice}: the real kernels compiled for the CPU.
 * Runs wherever g++ is installed (skips with the reason elsewhere), so the backend's plumbing and the kernels'
 * indexing are verified without a GPU. {@link CudaOnGpuTest} runs the same checks on the real thing.
 */
class CudaOnEmulatorTest {
    static CudaBackend emulated() {
        return EmulatedCuda.backendOrSkip();
    }

    @Nested
    class Elementwise extends ElementwiseChecks {
        @Override
        protected CudaBackend backend() {
            return emulated();
        }
    }

    @Nested
    class Reductions extends ReduceChecks {
        @Override
        protected CudaBackend backend() {
            return emulated();
        }
    }

    @Nested
    class Matmul extends MatmulChecks {
        @Override
        protected CudaBackend backend() {
            return emulated();
        }
    }

    @Nested
    class MemoryAndAdam extends MemoryAndAdamChecks {
        @Override
        protected CudaBackend backend() {
            return emulated();
        }
    }

    @Nested
    class BufferReuse extends BufferReuseChecks {
        @Override
        protected CudaBackend backend() {
            return emulated();
        }
    }
}

package io.jgrad.cuda;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;

/**
 * Every kernel check on the GPU, through JCuda: the only tests that exercise {@link JCudaDevice}, the PTX JIT and
 * the GPU's own float rounding. Tagged {@code gpu}; each test skips with {@link CudaBackend#availability()}'s reason
 * on a machine without one. Run just these with {@code mvn -pl cuda -am verify -Dgroups=gpu -Djgrad.cuda.required=true}.
 */
@Tag("gpu")
class CudaOnGpuTest {

    @Nested
    class Elementwise extends ElementwiseChecks {
        @Override
        protected CudaBackend backend() {
            return Gpu.backendOrSkip();
        }
    }

    @Nested
    class Reductions extends ReduceChecks {
        @Override
        protected CudaBackend backend() {
            return Gpu.backendOrSkip();
        }
    }

    @Nested
    class Matmul extends MatmulChecks {
        @Override
        protected CudaBackend backend() {
            return Gpu.backendOrSkip();
        }
    }

    @Nested
    class MemoryAndAdam extends MemoryAndAdamChecks {
        @Override
        protected CudaBackend backend() {
            return Gpu.backendOrSkip();
        }
    }

    @Nested
    class BufferReuse extends BufferReuseChecks {
        @Override
        protected CudaBackend backend() {
            return Gpu.backendOrSkip();
        }
    }
}

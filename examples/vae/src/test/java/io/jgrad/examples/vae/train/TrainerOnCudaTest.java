package io.jgrad.examples.vae.train;

import io.jgrad.examples.vae.model.ModelSpec;
import io.jgrad.core.DefaultBackend;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jgrad.core.Backend;
import io.jgrad.cuda.CudaBackend;
import io.jgrad.cuda.CudaStorage;
import io.jgrad.cuda.EmulatedCuda;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The trainer as {@code ./vae train --device cuda} runs it: on {@link CudaBackend#withBufferReuse()}, every tensor
 * on the device, here with the real kernels on cuda's CPU emulator, so it runs without a GPU (skipping where there
 * is no g++). It prints the CPU's losses, recycles device memory across steps and runs, and leaves nothing behind.
 */
class TrainerOnCudaTest {

    @Test
    void trainingOnTheCudaBackendPrintsTheCpuLossesAndRecyclesDeviceMemory(@TempDir Path dir)
            throws IOException, InterruptedException {
        CudaBackend cuda = EmulatedCuda.backendOrSkip().withBufferReuse();
        TrainConfig config = TrainerTest.config(1, ModelSpec.Kind.VAE);
        List<String> onCuda = TrainerTest.run(config, dir.resolve("cuda"), null, null, cuda);
        List<String> onCpu = TrainerTest.run(config, dir.resolve("cpu"), null, null, DefaultBackend.get());
        assertEquals(onCpu.stream().map(TrainerTest::losses).toList(),
                onCuda.stream().map(TrainerTest::losses).toList());

        int pooled = cuda.pooledBuffers();
        assertTrue(pooled > 0, "training steps and test passes run in reuse scopes");
        TrainerTest.run(config, dir.resolve("again"), null, null, cuda);
        assertEquals(pooled, cuda.pooledBuffers(), "a second run finds every buffer it needs in the pool");

        cuda.releaseBuffers();
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (CudaStorage.liveAllocations() > 0 && System.nanoTime() < deadline) {
            System.gc();
            Thread.sleep(20);
        }
        assertEquals(0, CudaStorage.liveAllocations(), "the models' parameters are unreachable and the pool released");
    }
}

package io.jgrad.benchmarks;

import io.jgrad.core.Backend;
import io.jgrad.core.Rng;
import io.jgrad.core.Tensor;
import io.jgrad.core.fast.FastBackend;
import io.jgrad.cuda.CudaBackend;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Square matrix products C = A B of size n, CPU against GPU, to find where the GPU starts to win:
 * <ul>
 *   <li>{@code cpu}: the fast CPU backend (all cores); {@code reference}: the plain loops (only for small n);</li>
 *   <li>{@code cuda}: our CUDA SGEMM kernel on operands already on the device (kernel time, synchronised);</li>
 *   <li>{@code cuda-copies}: the same, including copying A and B to the device and C back, as a caller with host
 *       data pays.</li>
 * </ul>
 * GFLOP/s = 2 n^3 / time. The GPU rows need a CUDA device: without one, their setup fails with the reason and JMH
 * goes on with the other rows.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class MatmulBenchmark {
    @Param({"64", "128", "256", "512", "1024", "2048", "4096"})
    int n;

    @Param({"cpu", "cuda", "cuda-copies"})
    String device;

    private float[] hostA;
    private float[] hostB;
    private Tensor a;
    private Tensor b;
    private Tensor c;
    private CudaBackend gpu;

    @Setup
    public void setUp() {
        Rng rng = new Rng(1);
        hostA = rng.uniform(n * n, -1f, 1f);
        hostB = rng.uniform(n * n, -1f, 1f);
        FastBackend.setThreads(Runtime.getRuntime().availableProcessors());
        Backend backend = Devices.open(device.replace("-copies", ""), false);
        gpu = backend instanceof CudaBackend cuda ? cuda : null;
        a = Tensor.of(backend, hostA, n, n);
        b = Tensor.of(backend, hostB, n, n);
        c = Tensor.zeros(backend, n, n);
    }

    @Benchmark
    public Object matmul() {
        return switch (device) {
            case "cuda" -> {
                a.matmulInto(b, c, false);
                gpu.synchronize();
                yield c;
            }
            case "cuda-copies" -> Tensor.of(gpu, hostA, n, n).matmul(Tensor.of(gpu, hostB, n, n)).toArray();
            default -> a.matmulInto(b, c, false);
        };
    }
}

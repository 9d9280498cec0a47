package io.jgrad.benchmarks;

import io.jgrad.core.Backend;
import io.jgrad.core.Rng;
import io.jgrad.core.Tensor;
import io.jgrad.core.fast.FastBackend;
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
 * Square matrix products {@code C = A B} of size n on the CPU: GFLOP/s = 2 n^3 / time. The reference backend is
 * the plain triple loop; run it on small sizes only ({@code -p device=reference -p n=64,128,256}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class GemmBenchmark {
    @Param({"64", "128", "256", "512", "1024", "2048"})
    int n;

    /** {@code cpu} or {@code reference} (see {@link Devices}). */
    @Param({"cpu"})
    String device;

    @Param({"1", "2"})
    int threads;

    private Tensor a;
    private Tensor b;
    private Tensor c;

    @Setup
    public void setUp() {
        Backend cpu = Devices.open(device, false);
        FastBackend.setThreads(threads);
        Rng rng = new Rng(1);
        a = Tensor.of(cpu, rng.uniform(n * n, -1f, 1f), n, n);
        b = Tensor.of(cpu, rng.uniform(n * n, -1f, 1f), n, n);
        c = Tensor.zeros(cpu, n, n);
    }

    @Benchmark
    public Tensor matmul() {
        return a.matmulInto(b, c, false);
    }
}

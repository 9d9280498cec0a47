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
 * The matrix products of one VAE training step at batch 256, as the linear op computes them: forward
 * {@code Y = X W^T}, and backward {@code dX = G W} and {@code dW = G^T X}. Transposed operands are views, read in
 * place by the packing routines. Shapes are {@code batch x in -> out}; GFLOP/s = 2 batch in out / time.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class VaeGemmBenchmark {
    /** The four layers: encoder 784 -> 400 -> 40, decoder 20 -> 400 -> 784. */
    @Param({"784x400", "400x40", "20x400", "400x784"})
    String layer;

    @Param({"1", "2"})
    int threads;

    /** {@code cpu}, {@code reference} or {@code cuda} (see {@link Devices}). */
    @Param({"cpu"})
    String device;

    private Backend backend;
    private Tensor x;       // [256, in]
    private Tensor w;       // [out, in]
    private Tensor g;       // [256, out]
    private Tensor y;       // [256, out]
    private Tensor dx;      // [256, in]
    private Tensor dw;      // [out, in]

    @Setup
    public void setUp() {
        int in = Integer.parseInt(layer.split("x")[0]);
        int out = Integer.parseInt(layer.split("x")[1]);
        FastBackend.setThreads(threads);
        Rng rng = new Rng(1);
        backend = Devices.open(device, false);
        x = Tensor.of(backend, rng.uniform(256 * in, 0f, 1f), 256, in);
        w = Tensor.of(backend, rng.uniform(out * in, -0.05f, 0.05f), out, in);
        g = Tensor.of(backend, rng.uniform(256 * out, -1f, 1f), 256, out);
        y = Tensor.zeros(backend, 256, out);
        dx = Tensor.zeros(backend, 256, in);
        dw = Tensor.zeros(backend, out, in);
    }

    /** Y = X W^T: [256, in] @ [in, out] with W^T a transposed view. */
    @Benchmark
    public Tensor forward() {
        Tensor result = x.matmulInto(w.t(), y, false);
        Devices.finish(backend);
        return result;
    }

    /** dX = G W: [256, out] @ [out, in]. */
    @Benchmark
    public Tensor backwardInput() {
        Tensor result = g.matmulInto(w, dx, false);
        Devices.finish(backend);
        return result;
    }

    /** dW = G^T X: [out, 256] @ [256, in] with G^T a transposed view. */
    @Benchmark
    public Tensor backwardWeight() {
        Tensor result = g.t().matmulInto(x, dw, false);
        Devices.finish(backend);
        return result;
    }
}

package io.jgrad.benchmarks;

import io.jgrad.core.Backend;
import io.jgrad.core.Fused;
import io.jgrad.core.Rng;
import io.jgrad.core.Tensor;
import io.jgrad.core.UnaryOp;
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
 * The transcendental elementwise kernels on one batch of the VAE's decoder output (256 x 784 floats): e^x, ln x,
 * sigmoid, tanh, and binary cross-entropy (two logarithms per element), on the fast and the reference backend.
 * The score is the time for the whole batch; divide by 200,704 for the time per element.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ElementwiseBenchmark {
    @Param({"exp", "log", "sigmoid", "tanh", "bce"})
    String op;

    /** {@code cpu}, {@code reference} or {@code cuda} (see {@link Devices}). */
    @Param({"cpu"})
    String device;

    private Backend engine;
    private Tensor x;
    private Tensor target;
    private Tensor out;

    @Setup
    public void setUp() {
        engine = Devices.open(device, false);
        Rng rng = new Rng(1);
        x = Tensor.of(engine, rng.uniform(256 * 784, 0.001f, 0.999f), 256, 784);
        target = Tensor.of(engine, rng.uniform(256 * 784, 0f, 1f), 256, 784);
        out = Tensor.of(engine, new float[256 * 784], 256, 784);
    }

    @Benchmark
    public Tensor run() {
        switch (op) {
            case "exp" -> engine.unary(UnaryOp.EXP, x, out);
            case "log" -> engine.unary(UnaryOp.LOG, x, out);
            case "sigmoid" -> engine.unary(UnaryOp.SIGMOID, x, out);
            case "tanh" -> engine.unary(UnaryOp.TANH, x, out);
            case "bce" -> engine.fused(Fused.Kernel.BINARY_CROSS_ENTROPY, new Tensor[] {x, target, out});
            default -> throw new IllegalArgumentException("unknown op " + op + ": expected exp, log, sigmoid, tanh or bce");
        }
        Devices.finish(engine);
        return out;
    }
}

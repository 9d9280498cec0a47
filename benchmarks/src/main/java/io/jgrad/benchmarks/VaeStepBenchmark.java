package io.jgrad.benchmarks;

import io.jgrad.autograd.Tape;
import io.jgrad.autograd.Variable;
import io.jgrad.autograd.optim.Adam;
import io.jgrad.core.Backend;
import io.jgrad.core.Rng;
import io.jgrad.core.Tensor;
import io.jgrad.core.fast.FastBackend;
import io.jgrad.examples.vae.model.Reconstruction;
import io.jgrad.examples.vae.model.Vae;
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
 * One training step of the lecture's VAE (batch 256, Adam): forward, loss, backward, update, exactly as
 * {@code ./vae train} runs it, on any {@link Devices device} ({@code -p device=cpu,reference,cuda}). An epoch is 235 of these. The
 * loss is read back to the host once per step, as the trainer does, which also waits for the GPU to finish.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class VaeStepBenchmark {
    /** {@code cpu} (the fast backend on all cores), {@code reference} or {@code cuda}. */
    @Param({"cpu"})
    String device;

    private Backend backend;
    private Vae model;
    private Adam adam;
    private Tensor x;
    private Rng noise;

    @Setup
    public void setUp() {
        FastBackend.setThreads(Runtime.getRuntime().availableProcessors());
        backend = Devices.open(device, true);
        Rng rng = new Rng(1);
        model = new Vae(784, 400, 20, 1f, Reconstruction.BCE, rng, backend);
        adam = new Adam(model.parameters(), 1e-3f);
        x = Tensor.of(backend, rng.uniform(256 * 784, 0f, 1f), 256, 784);
        noise = new Rng(2);
    }

    @Benchmark
    public float step() {
        try (Backend.Scope reuse = backend.reuseScope(); Tape tape = Tape.open()) {
            Variable loss = model.loss(model.forward(Variable.constant(x), noise), x);
            float value = loss.value().item();
            adam.zeroGrad();
            tape.backward(loss);
            adam.step();
            return value;
        }
    }
}

package io.jgrad.examples.vae.train;

import io.jgrad.core.DefaultBackend;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jgrad.autograd.Tape;
import io.jgrad.autograd.Variable;
import io.jgrad.core.io.Safetensors;
import io.jgrad.autograd.nn.Parameter;
import io.jgrad.autograd.optim.Adam;
import io.jgrad.core.Backend;
import io.jgrad.core.Rng;
import io.jgrad.core.Shape;
import io.jgrad.core.Tensor;
import io.jgrad.core.fast.FastBackend;
import io.jgrad.examples.vae.data.MnistSet;
import io.jgrad.examples.vae.model.LatentModel;
import io.jgrad.examples.vae.model.ModelSpec;
import io.jgrad.examples.vae.model.Reconstruction;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The training loop end to end on a small synthetic data set of blurry "digits" (a blob whose position depends on
 * the label), so it runs in seconds without MNIST: the loss goes down, the outputs have PyTorch's names and shapes,
 * and a resumed run continues exactly as an uninterrupted one.
 */
class TrainerTest {
    private static final Backend CPU = DefaultBackend.get();

    /** {@code n} 28x28 images: a bright square at a place set by the label, plus seeded noise. */
    static MnistSet synthetic(int n, long seed) {
        Rng rng = new Rng(seed);
        byte[] pixels = new byte[n * 784];
        byte[] labels = new byte[n];
        for (int i = 0; i < n; i++) {
            int label = i % 10;
            labels[i] = (byte) label;
            int top = 2 + 2 * label;
            int left = 4 + (label % 3) * 6;
            for (int p = 0; p < 784; p++) {
                int row = p / 28;
                int col = p % 28;
                boolean ink = row >= top && row < top + 6 && col >= left && col < left + 8;
                int value = ink ? 200 + rng.nextInt(56) : rng.nextInt(30);
                pixels[i * 784 + p] = (byte) value;
            }
        }
        return new MnistSet(pixels, labels, 28, 28);
    }

    static ModelSpec spec(ModelSpec.Kind kind, int latent) {
        return new ModelSpec(kind, 784, 32, latent, Reconstruction.BCE, 1f);
    }

    static TrainConfig config(int epochs, ModelSpec.Kind kind) {
        return new TrainConfig("synthetic", spec(kind, 4), new OptimizerSpec(OptimizerSpec.Kind.ADAM, 1e-3f, 0f), epochs,
                32, 7, 0, true);
    }

    private static List<String> run(TrainConfig config, Path dir, Path resume) throws IOException {
        return run(config, dir, null, resume, CPU);
    }

    /** Trains on 128 synthetic images, testing on 100 others; returns the lines printed. */
    static List<String> run(TrainConfig config, Path dir, Path init, Path resume, Backend backend) throws IOException {
        ByteArrayOutputStream lines = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(lines, true, StandardCharsets.UTF_8);
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        RunFolder folder = resume != null ? RunFolder.resume(dir, quiet) : RunFolder.create(dir, quiet);
        new Trainer(config, synthetic(128, 1), synthetic(100, 2), backend, out, quiet).run(folder, init, resume);
        return Arrays.asList(lines.toString(StandardCharsets.UTF_8).split("\n"));
    }

    /** Strips the wall time, which differs run to run, from an epoch line. */
    static String losses(String line) {
        return line.replaceAll(" seconds .*", "");
    }

    @Test
    void aFewStepsLowerTheLossAndKeepEveryGradientFinite() {
        LatentModel model = spec(ModelSpec.Kind.VAE, 4).create(new Rng(3), CPU);
        Adam adam = new Adam(model.module().parameters(), 1e-3f);
        MnistSet data = synthetic(64, 5);
        Tensor x = data.images(MnistSet.inOrder(64), CPU);
        Rng noise = new Rng(9);
        float first = 0;
        float last = 0;
        for (int step = 0; step < 30; step++) {
            try (Tape tape = Tape.open()) {
                Variable loss = model.loss(model.forward(Variable.constant(x), noise), x);
                last = loss.value().item();
                first = step == 0 ? last : first;
                adam.zeroGrad();
                tape.backward(loss);
                for (Parameter p : model.module().parameters()) {
                    for (float g : p.grad().toArray()) {
                        assertTrue(Float.isFinite(g), p.name() + " has a non-finite gradient at step " + step);
                    }
                }
                adam.step();
            }
        }
        assertTrue(last < 0.9f * first, "loss went from " + first + " to " + last);
    }

    @Test
    void trainingPrintsOneLinePerEpochAndWritesEveryOutput(@TempDir Path dir) throws IOException {
        List<String> lines = run(config(2, ModelSpec.Kind.VAE), dir, null);
        assertEquals(3, lines.size(), "lines: " + lines);
        assertTrue(lines.get(0).matches("epoch 0 test \\d+\\.\\d\\d"), lines.get(0));
        assertTrue(lines.get(2).matches("epoch 2 train \\d+\\.\\d\\d test \\d+\\.\\d\\d seconds \\d+\\.\\d\\d"), lines.get(2));
        for (String file : List.of("model.safetensors", "checkpoint.safetensors", "losses.csv", "losses.png",
                "reconstructions.png", "samples.png", "interpolation.png", "latent-tsne.png")) {
            assertTrue(Files.size(dir.resolve(file)) > 0, file + " was not written");
        }
        assertEquals(4, Files.readAllLines(dir.resolve("losses.csv")).size());
    }

    // The epoch lines are read by scripts and losses.csv by anything that reads CSV: a German default locale
    // must not turn 108.09 into 108,09, a fourth column in the table.
    @Test
    void theLinesAndTheLossTableUseDecimalPointsInEveryLocale(@TempDir Path dir) throws IOException {
        Locale before = Locale.getDefault();
        List<String> lines;
        try {
            Locale.setDefault(Locale.GERMANY);
            lines = run(config(1, ModelSpec.Kind.VAE), dir, null);
        } finally {
            Locale.setDefault(before);
        }
        assertTrue(lines.get(1).matches("epoch 1 train \\d+\\.\\d\\d test \\d+\\.\\d\\d seconds \\d+\\.\\d\\d"),
                lines.get(1));
        List<String> table = Files.readAllLines(dir.resolve("losses.csv"));
        assertEquals("epoch,train,test", table.get(0));
        assertTrue(table.get(1).matches("0,,\\d+\\.\\d{4}"), table.get(1));
        assertTrue(table.get(2).matches("1,\\d+\\.\\d{4},\\d+\\.\\d{4}"), table.get(2));
    }

    @Test
    void savedWeightsHaveThePyTorchNamesAndShapes(@TempDir Path dir) throws IOException {
        run(config(1, ModelSpec.Kind.VAE), dir.resolve("vae"), null);
        Map<String, Tensor> vae = Safetensors.read(dir.resolve("vae/model.safetensors")).tensors();
        assertEquals(List.of("encoder.0.weight", "encoder.0.bias", "encoder.2.weight", "encoder.2.bias",
                "decoder.0.weight", "decoder.0.bias", "decoder.2.weight", "decoder.2.bias"), List.copyOf(vae.keySet()));
        assertEquals(Shape.of(32, 784), vae.get("encoder.0.weight").shape());
        assertEquals(Shape.of(8, 32), vae.get("encoder.2.weight").shape());
        assertEquals(Shape.of(32, 4), vae.get("decoder.0.weight").shape());
        assertEquals(Shape.of(784, 32), vae.get("decoder.2.weight").shape());
        run(config(1, ModelSpec.Kind.AE), dir.resolve("ae"), null);
        Map<String, Tensor> ae = Safetensors.read(dir.resolve("ae/model.safetensors")).tensors();
        assertEquals(Shape.of(4, 32), ae.get("encoder.2.weight").shape());
    }

    @Test
    void resumingGivesTheSameLossesAsAnUninterruptedRun(@TempDir Path dir) throws IOException {
        List<String> straight = run(config(3, ModelSpec.Kind.VAE), dir.resolve("straight"), null);
        run(config(2, ModelSpec.Kind.VAE), dir.resolve("resumed"), null);
        List<String> resumed = run(config(3, ModelSpec.Kind.VAE), dir.resolve("resumed"), dir.resolve("resumed"));
        assertEquals(losses(straight.get(3)), losses(resumed.get(0)));
        assertArrayEquals(Files.readAllBytes(dir.resolve("straight/model.safetensors")),
                Files.readAllBytes(dir.resolve("resumed/model.safetensors")), "the resumed run's weights differ");
    }

    /**
     * The same seed gives the same weights bit for bit. The second run finds the kernels compiled by the JIT where
     * the first ran them interpreted, so this also checks that no kernel rounds differently once compiled.
     */
    @Test
    void twoRunsWithTheSameSeedEndWithTheSameWeights(@TempDir Path dir) throws IOException {
        run(config(3, ModelSpec.Kind.VAE), dir.resolve("first"), null);
        run(config(3, ModelSpec.Kind.VAE), dir.resolve("second"), null);
        assertArrayEquals(Files.readAllBytes(dir.resolve("first/model.safetensors")),
                Files.readAllBytes(dir.resolve("second/model.safetensors")), "two runs with seed 7 differ");
    }

    @Test
    void resumingWithOtherSettingsIsRefused(@TempDir Path dir) throws IOException {
        run(config(1, ModelSpec.Kind.VAE), dir, null);
        TrainConfig other = new TrainConfig("synthetic", spec(ModelSpec.Kind.VAE, 5), config(2, ModelSpec.Kind.VAE)
                .optimizer(), 2, 32, 7, 0, true);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> run(other, dir, dir));
        assertTrue(e.getMessage().contains("latent=4") && e.getMessage().contains("latent=5"), e.getMessage());
        TrainConfig otherData = new TrainConfig("fashion-mnist", spec(ModelSpec.Kind.VAE, 4), config(2, ModelSpec.Kind.VAE)
                .optimizer(), 2, 32, 7, 0, true);
        e = assertThrows(IllegalArgumentException.class, () -> run(otherData, dir, dir));
        assertTrue(e.getMessage().contains("dataset=synthetic") && e.getMessage().contains("dataset=fashion-mnist"),
                "another data set must not be mixed into the run: " + e.getMessage());
    }

    // The way on after a divergence: a new run (with a smaller --lr) from the last finished epoch's checkpoint.
    @Test
    void aNewRunCanStartFromTheWeightsOfACheckpoint(@TempDir Path dir) throws IOException {
        List<String> first = run(config(1, ModelSpec.Kind.VAE), dir.resolve("first"), null);
        List<String> second = run(config(1, ModelSpec.Kind.VAE), dir.resolve("second"),
                dir.resolve("first").resolve(Checkpoint.FILE), null, CPU);
        assertEquals(first.get(1).replaceAll("epoch 1 train .* test (\\S+) .*", "$1"),
                second.get(0).replace("epoch 0 test ", ""), "the new run starts where the first one ended");
    }

    @Test
    void aNonFiniteLossStopsTrainingNamingTheEpochAndStep(@TempDir Path dir) throws IOException {
        LatentModel model = spec(ModelSpec.Kind.VAE, 4).create(new Rng(3), CPU);
        Map<String, Tensor> weights = model.module().stateDict();
        weights.get("decoder.2.bias").fillInPlace(Float.NaN);
        Path init = dir.resolve("nan.safetensors");
        Safetensors.write(init, weights);
        Trainer.TrainingDiverged e = assertThrows(Trainer.TrainingDiverged.class,
                () -> run(config(1, ModelSpec.Kind.VAE), dir.resolve("run"), init, null, CPU));
        assertEquals("epoch 1 step 1: the loss is NaN; training stopped. No epoch had finished, so there is no"
                + " checkpoint: start again with a smaller --lr.", e.getMessage());
    }

    @Test
    void afterTheFirstStepsATrainingStepMakesNoNewBuffers() {
        FastBackend backend = FastBackend.withBufferReuse();
        LatentModel model = spec(ModelSpec.Kind.VAE, 4).create(new Rng(3), backend);
        Adam adam = new Adam(model.module().parameters(), 1e-3f);
        MnistSet data = synthetic(64, 5);
        Rng noise = new Rng(9);
        int[] made = new int[6];
        for (int step = 0; step < made.length; step++) {
            try (Backend.Scope reuse = backend.reuseScope(); Tape tape = Tape.open()) {
                Tensor x = data.images(MnistSet.inOrder(64), backend);
                Variable loss = model.loss(model.forward(Variable.constant(x), noise), x);
                loss.value().item();
                adam.zeroGrad();
                tape.backward(loss);
                adam.step();
            }
            made[step] = backend.pooledBuffers();
        }
        assertTrue(made[1] > 0, "the pool was never used: " + Arrays.toString(made));
        for (int step = 2; step < made.length; step++) {
            assertEquals(made[1], made[step], "buffers made after each step: " + Arrays.toString(made));
        }
    }
}

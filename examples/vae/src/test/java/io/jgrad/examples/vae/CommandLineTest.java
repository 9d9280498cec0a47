package io.jgrad.examples.vae;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jgrad.core.DefaultBackend;
import io.jgrad.core.Rng;
import io.jgrad.core.io.Safetensors;
import io.jgrad.examples.vae.model.LatentModel;
import io.jgrad.examples.vae.model.ModelSpec;
import io.jgrad.examples.vae.model.Reconstruction;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The command line as an adversary meets it: every number is checked against its range where it is parsed, before
 * anything runs; a run too large for the heap stops before it starts; a failure prints one line that names the file
 * or option involved; and saved weights say which model, loss and data set they belong to.
 */
class CommandLineTest {
    @TempDir
    Path dir;

    record Result(int status, String err) {
    }

    private Result run(String... args) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CommandLine cli = Main.commandLine();
        cli.setErr(new PrintWriter(err, true));
        cli.setOut(new PrintWriter(new ByteArrayOutputStream(), true));
        return new Result(cli.execute(args), err.toString());
    }

    // The class, not the examples: a numeric option without a range would let 0, -3 or 1000 through to the code.
    @Test
    void everyNumericOptionOfEveryCommandHasARange() {
        for (CommandLine command : Main.commandLine().getSubcommands().values()) {
            for (OptionSpec option : command.getCommandSpec().options()) {
                Class<?> type = option.type();
                boolean numeric = type == int.class || type == long.class || type == float.class || type == double.class;
                if (!numeric || option.longestName().equals("--seed")) {         // any long is a seed
                    continue;
                }
                Field field = (Field) option.userObject();
                assertNotNull(field.getAnnotation(Range.class),
                        command.getCommandName() + " " + option.longestName() + " has no @Range");
            }
        }
    }

    @Test
    void numbersOutsideTheirRangeAreRefusedWhereTheyAreParsedNamingTheOptionAndTheRange() {
        String weights = dir.resolve("never-read.safetensors").toString();
        Path out = dir.resolve("run");
        List<List<String>> cases = List.of(
                List.of("evaluate", "--weights", weights, "--batch", "0"),
                List.of("sample", "--weights", weights, "--count", "-3"),
                List.of("reconstruct", "--weights", weights, "--count", "0"),
                List.of("interpolate", "--weights", weights, "--steps", "1"),
                List.of("interpolate", "--weights", weights, "--to-digit", "10"),
                List.of("train", "--out", out.toString(), "--lr", "-1e-3"),
                List.of("train", "--out", out.toString(), "--beta", "-5"),
                List.of("train", "--out", out.toString(), "--epochs", "-1"),
                List.of("train", "--out", out.toString(), "--threads", "1000"),
                List.of("train", "--out", out.toString(), "--momentum", "1.5", "--optimizer", "sgd"));
        for (List<String> args : cases) {
            Result r = run(args.toArray(String[]::new));
            String option = args.get(args.size() - 2).startsWith("--") && !args.get(args.size() - 1).equals("sgd")
                    ? args.get(args.size() - 2) : args.get(args.size() - 4);
            assertEquals(2, r.status(), args + ": " + r.err());
            assertTrue(r.err().startsWith("vae " + args.get(0) + ": " + option + " "), args + ": " + r.err());
            assertTrue(r.err().contains("must be"), args + ": " + r.err());
            assertFalse(Files.exists(out), "nothing is made for a command that cannot start");
        }
    }

    @Test
    void aMomentumForAdamIsRefusedAsAUsageError() {
        Result r = run("train", "--momentum", "0.9", "--out", dir.resolve("run").toString());
        assertEquals(2, r.status(), r.err());
        assertTrue(r.err().startsWith("vae train: --momentum 0.9 is for --optimizer sgd"), r.err());
    }

    @Test
    void aRunTooLargeForTheHeapStopsBeforeItStartsAndSaysWhatToChange() {
        Result r = run("train", "--batch", "60000", "--hidden", "16384", "--data", dir.toString(),
                "--out", dir.resolve("run").toString());
        assertEquals(1, r.status(), r.err());
        assertTrue(r.err().startsWith("vae: --batch 60000 with --hidden 16384 needs about"), r.err());
        assertTrue(r.err().contains("JAVA_OPTS=-Xmx"), r.err());
        assertEquals(1, r.err().lines().count(), "one line: " + r.err());
        assertFalse(Files.exists(dir.resolve("run")));
    }

    @Test
    void aNewRunIntoAFolderHoldingARunIsRefusedBeforeAnythingIsLoaded() throws IOException {
        Files.writeString(dir.resolve("checkpoint.safetensors"), "an earlier run's");
        Result r = run("train", "--out", dir.toString(), "--data", dir.resolve("no-data").toString());
        assertEquals(1, r.status(), r.err());
        assertTrue(r.err().startsWith("vae: " + dir + " already holds a run (checkpoint.safetensors); continue it with"
                + " --resume " + dir), r.err());
        assertEquals("an earlier run's", Files.readString(dir.resolve("checkpoint.safetensors")));
    }

    @Test
    void aMissingWeightsFileOrAFolderIsNamedInTheMessage() throws IOException {
        Path missing = dir.resolve("missing.safetensors");
        Result r = run("evaluate", "--weights", missing.toString());
        assertEquals("vae: " + missing + ": no such file or folder" + System.lineSeparator(), r.err());
        Files.createDirectories(dir.resolve("folder"));
        r = run("evaluate", "--weights", dir.resolve("folder").toString());
        assertEquals("vae: " + dir.resolve("folder") + ": a folder, not a safetensors file" + System.lineSeparator(),
                r.err());
    }

    // The run's identity travels with its weights: evaluate an MSE model with MSE unless told otherwise.
    @Test
    void savedWeightsSayWhichModelLossAndDataSetTheyBelongTo() throws Exception {
        ModelSpec mse = new ModelSpec(ModelSpec.Kind.AE, 784, 16, 3, Reconstruction.MSE, 1f);
        LatentModel model = mse.create(new Rng(1), DefaultBackend.get());
        Path file = dir.resolve("model.safetensors");
        Map<String, String> identity = new java.util.LinkedHashMap<>(mse.metadata());
        identity.put("dataset", "fashion-mnist");
        Safetensors.write(file, model.module().stateDict(), identity);
        WeightsOptions weights = new WeightsOptions();
        weights.weights = file;
        assertEquals(mse, weights.spec());
        assertEquals("fashion-mnist", weights.trainedOn());
        weights.loss = Reconstruction.BCE;
        assertEquals(Reconstruction.BCE, weights.spec().loss(), "--loss still overrides");
    }
}

package io.jgrad.examples.vae.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jgrad.core.Tensor;
import io.jgrad.examples.vae.pictures.AtomicFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run's folder: never shared with another run, cleaned of what a killed run left, and written in an order that
 * puts the checkpoint first, so that nothing optional can cost it.
 */
class RunFolderTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream logged = new ByteArrayOutputStream();
    private final PrintStream log = new PrintStream(logged, true, StandardCharsets.UTF_8);

    private static Checkpoint checkpoint() {
        return new Checkpoint(1, 42L, TrainerTest.config(1, io.jgrad.examples.vae.model.ModelSpec.Kind.VAE),
                Map.of("w", Tensor.ones(2)), Map.of(), Map.of(), List.of(190.5), List.of(543.7, 136.2));
    }

    @Test
    void aFolderThatHoldsARunIsNotTakenForANewOne() throws IOException {
        RunFolder.create(dir, log).epochFinished(checkpoint());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RunFolder.create(dir, log));
        assertTrue(e.getMessage().contains("already holds a run (checkpoint.safetensors)"), e.getMessage());
        assertEquals(1, Checkpoint.load(dir).epoch(), "the earlier run's checkpoint is untouched");
    }

    @Test
    void twoRunsStartedInTheSameSecondGetFoldersOfTheirOwn() throws IOException {
        Path first = RunFolder.createUnder(dir, log).dir();
        Path second = RunFolder.createUnder(dir, log).dir();
        assertNotEquals(first, second);
        assertTrue(Files.isDirectory(first) && Files.isDirectory(second));
    }

    @Test
    void temporaryFilesThatAKilledRunLeftBehindAreRemovedWhenTheFolderIsOpenedAgain() throws IOException {
        Path leftover = dir.resolve(".checkpoint.safetensors.5f3a9c.tmp");
        Path keep = dir.resolve("notes.tmp");
        Files.writeString(leftover, "half a checkpoint");
        Files.writeString(keep, "not ours");
        RunFolder.resume(dir, log);
        assertFalse(Files.exists(leftover));
        assertTrue(Files.exists(keep), "only the writers' own temporary names are removed");
        assertTrue(logged.toString().contains("removed " + leftover), logged.toString());
    }

    @Test
    void theCheckpointComesFirstAndALossPlotThatCannotBeWrittenDoesNotStopTraining() throws IOException {
        Files.createDirectories(dir.resolve("losses.png"));                 // the plot cannot replace a folder
        Files.writeString(dir.resolve("losses.png").resolve("x"), "in the way");
        RunFolder.create(dir, log).epochFinished(checkpoint());
        assertEquals(1, Checkpoint.load(dir).epoch());
        assertTrue(logged.toString().startsWith("vae: could not write the loss table and plot in " + dir),
                logged.toString());
        assertTrue(logged.toString().contains("(training goes on; the checkpoint is written)"), logged.toString());
    }

    @Test
    void aCheckpointThatCannotBeWrittenStopsTheRun() throws IOException {
        Files.createDirectories(dir.resolve(Checkpoint.FILE).resolve("in-the-way"));
        RunFolder folder = RunFolder.resume(dir, log);
        assertThrows(IOException.class, () -> folder.epochFinished(checkpoint()));
    }

    // A full disk says only "No space left on device"; the message must say which file could not be written.
    @Test
    void aWriteThatFailsWithoutNamingItsFileIsReportedWithTheFile() {
        Path target = dir.resolve("samples.png");
        IOException e = assertThrows(IOException.class, () -> AtomicFiles.write(target, out -> {
            throw new IOException("No space left on device");
        }));
        assertEquals("writing " + target.toAbsolutePath() + ": No space left on device", e.getMessage());
        assertEquals(0, dir.toFile().list().length, "the temporary file is gone");
    }
}

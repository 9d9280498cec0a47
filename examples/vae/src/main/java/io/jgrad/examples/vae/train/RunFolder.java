package io.jgrad.examples.vae.train;

import io.jgrad.core.Tensor;
import io.jgrad.core.io.Safetensors;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

/**
 * The folder a run writes into, and the one place that orders its writes. After each epoch the checkpoint goes
 * first, since it is what must never be lost, then the loss table and plot; at the end the weights, then the
 * pictures. Every file is written under a temporary name and moved into place, and the temporary files a killed run
 * left behind are removed when the folder is opened again.
 *
 * <p>Invariants: a new run never lands in a folder that holds another run (its checkpoint or weights); a loss table
 * or plot that cannot be written is reported on the log and does not stop training, whose checkpoint is already safe.
 */
public final class RunFolder {
    /** The files that mark a folder as holding a run. */
    static final List<String> RUN_FILES = List.of(Checkpoint.FILE, "model.safetensors");

    private final Path dir;
    private final PrintStream log;

    private RunFolder(Path dir, PrintStream log) throws IOException {
        this.dir = dir;
        this.log = log;
        removeLeftovers();
    }

    /** A new run in {@code dir}, which is made if needed; a folder that holds a run already is refused. */
    public static RunFolder create(Path dir, PrintStream log) throws IOException {
        refuseIfTaken(dir);
        Files.createDirectories(dir);
        return new RunFolder(dir, log);
    }

    /** Refuses {@code dir} for a new run if it holds one (checked early too, before a command loads its data). */
    public static void refuseIfTaken(Path dir) {
        for (String file : RUN_FILES) {
            if (Files.exists(dir.resolve(file))) {
                throw new IllegalArgumentException(dir + " already holds a run (" + file + "); continue it with"
                        + " --resume " + dir + ", or choose another --out");
            }
        }
    }

    /**
     * A new run in {@code parent/<yyyyMMdd-HHmmss>}, made here; when another run took that second, the folder gets a
     * suffix ({@code -2}, {@code -3}, ...) instead of being shared.
     */
    public static RunFolder createUnder(Path parent, PrintStream log) throws IOException {
        Files.createDirectories(parent);
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        for (int n = 1; ; n++) {
            Path dir = parent.resolve(n == 1 ? stamp : stamp + "-" + n);
            try {
                Files.createDirectory(dir);
                return new RunFolder(dir, log);
            } catch (FileAlreadyExistsException taken) {
                // another run started in the same second: try the next suffix
            }
        }
    }

    /** The folder of a run being continued, or the folder it is continued into. */
    public static RunFolder resume(Path dir, PrintStream log) throws IOException {
        Files.createDirectories(dir);
        return new RunFolder(dir, log);
    }

    public Path dir() {
        return dir;
    }

    /** After an epoch: the checkpoint, then (optional) the loss table and plot. */
    void epochFinished(Checkpoint checkpoint) throws IOException {
        checkpoint.save(dir);
        optional("the loss table and plot", () -> Outputs.writeLosses(dir, checkpoint.trainLosses(),
                checkpoint.testLosses()));
    }

    /** At the end: the weights with the run's identity in their metadata, then every picture. */
    void finished(Map<String, Tensor> weights, Map<String, String> identity, Write pictures) throws IOException {
        Safetensors.write(dir.resolve("model.safetensors"), weights, identity);
        pictures.run();
    }

    /** A write into the folder. */
    @FunctionalInterface
    interface Write {
        void run() throws IOException;
    }

    private void optional(String what, Write write) {
        try {
            write.run();
        } catch (IOException | RuntimeException e) {
            log.println("vae: could not write " + what + " in " + dir + ": " + e.getMessage()
                    + " (training goes on; the checkpoint is written)");
        }
    }

    /** Deletes the temporary files ({@code .<name>.<random>.tmp}) of writes that a killed run never finished. */
    private void removeLeftovers() throws IOException {
        try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(dir, ".*.tmp")) {
            for (Path file : leftovers) {
                if (Files.isRegularFile(file)) {
                    Files.delete(file);
                    log.println("removed " + file + ", left by a run that was stopped while writing");
                }
            }
        }
    }
}

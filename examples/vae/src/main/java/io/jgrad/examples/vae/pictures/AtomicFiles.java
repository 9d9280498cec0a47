package io.jgrad.examples.vae.pictures;

import java.awt.image.BufferedImage;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import javax.imageio.ImageIO;

/**
 * Writes a run's output files (pictures, the loss table, a graph) under a temporary name beside the target, then
 * renames them into place in one step.
 *
 * <p>Invariant: {@code file} either keeps its old contents or holds the whole new file, never a partial one (a viewer
 * refreshing a picture during training never reads half a file); the temporary file is gone when this returns or
 * throws.
 */
public final class AtomicFiles {
    /** What goes into the file. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    private AtomicFiles() {
    }

    public static void write(Path file, Content content) throws IOException {
        Path target = file.toAbsolutePath();
        Files.createDirectories(target.getParent());
        // NOTE: a dot-name in the same directory, so the rename never crosses file systems and can be atomic.
        Path temporary = target.resolveSibling("." + target.getFileName() + "." + System.nanoTime() + ".tmp");
        try {
            try (OutputStream out = new BufferedOutputStream(
                    Files.newOutputStream(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE))) {
                content.writeTo(out);
            }
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (FileSystemException failure) {
            throw failure;                              // it names its file already
        } catch (IOException failure) {
            // e.g. a full disk, which reports only "No space left on device"
            throw new IOException("writing " + target + ": " + failure.getMessage(), failure);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    public static void writeString(Path file, String text) throws IOException {
        write(file, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
    }

    static void writePng(Path file, BufferedImage image) throws IOException {
        // NOTE: no disk cache: ImageIO's default puts one in the temporary folder, and a run must not fail for it.
        ImageIO.setUseCache(false);
        write(file, out -> {
            if (!ImageIO.write(image, "png", out)) {
                throw new IOException("no PNG writer accepts an image of type " + image.getType());
            }
        });
    }
}

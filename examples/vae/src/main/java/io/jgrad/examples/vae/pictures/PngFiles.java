package io.jgrad.examples.vae.pictures;

import java.awt.image.BufferedImage;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import javax.imageio.ImageIO;

/**
 * Writes an image as a PNG under a temporary name beside the target, then renames it into place in one step.
 *
 * <p>Invariant: {@code file} either keeps its old contents or holds the whole new PNG, never a partial one (a viewer
 * refreshing the picture during training never reads half a file); the temporary file is gone when this returns or
 * throws.
 */
final class PngFiles {
    private PngFiles() {
    }

    static void write(Path file, BufferedImage image) throws IOException {
        Path target = file.toAbsolutePath();
        Files.createDirectories(target.getParent());
        // NOTE: a dot-name in the same directory, so the rename never crosses file systems and can be atomic.
        Path temporary = target.resolveSibling("." + target.getFileName() + "." + System.nanoTime() + ".tmp");
        try {
            try (OutputStream out = new BufferedOutputStream(
                    Files.newOutputStream(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE))) {
                if (!ImageIO.write(image, "png", out)) {
                    throw new IOException("no PNG writer accepts an image of type " + image.getType());
                }
            }
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }
}

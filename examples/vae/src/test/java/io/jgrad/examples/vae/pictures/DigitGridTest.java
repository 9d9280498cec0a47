package io.jgrad.examples.vae.pictures;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DigitGridTest {
    private static final int SIDE = 4;
    private static final int SCALE = 3;
    private static final int TILE = SIDE * SCALE;
    private static final int GAP = DigitGrid.GAP;

    @TempDir
    Path directory;

    /** Three 4x4 images: a single white pixel at (row 1, column 2); uniform 0.25; out-of-range values. */
    private static float[] threeImages() {
        float[] pixels = new float[3 * SIDE * SIDE];
        pixels[1 * SIDE + 2] = 1f;
        for (int i = 0; i < SIDE * SIDE; i++) {
            pixels[SIDE * SIDE + i] = 0.25f;
        }
        pixels[2 * SIDE * SIDE] = 7f;
        pixels[2 * SIDE * SIDE + 1] = -3f;
        return pixels;
    }

    @Test
    void writesAGridOfTheExpectedSizeWithScaledPixelsAndGrayGaps() throws IOException {
        Path file = directory.resolve("grid.png");
        DigitGrid.write(file, threeImages(), 3, SIDE, 2, SCALE);

        BufferedImage image = ImageIO.read(file.toFile());
        assertEquals(2 * TILE + 3 * GAP, image.getWidth());
        assertEquals(2 * TILE + 3 * GAP, image.getHeight(), "3 images in 2 columns make 2 rows");
        Raster raster = image.getRaster();
        assertEquals(DigitGrid.GAP_GRAY, raster.getSample(0, 0, 0), "the frame is gray");
        assertEquals(DigitGrid.GAP_GRAY, raster.getSample(GAP + TILE, GAP + 5, 0), "the gap between columns is gray");
        // Image 0: the white pixel (row 1, column 2) covers a 3x3 block; its neighbours stay black.
        for (int dy = 0; dy < SCALE; dy++) {
            for (int dx = 0; dx < SCALE; dx++) {
                assertEquals(255, raster.getSample(GAP + 2 * SCALE + dx, GAP + SCALE + dy, 0));
            }
        }
        assertEquals(0, raster.getSample(GAP + 2 * SCALE - 1, GAP + SCALE, 0));
        assertEquals(0, raster.getSample(GAP, GAP, 0));
        // Image 1 (row 0, column 1): 0.25 is gray level 64 everywhere in its tile.
        int left = GAP + TILE + GAP;
        assertEquals(64, raster.getSample(left, GAP, 0));
        assertEquals(64, raster.getSample(left + TILE - 1, GAP + TILE - 1, 0));
        // Image 2 (row 1, column 0): values outside [0, 1] are clamped.
        int top = GAP + TILE + GAP;
        assertEquals(255, raster.getSample(GAP, top, 0));
        assertEquals(0, raster.getSample(GAP + SCALE, top, 0));
        // The fourth tile has no image and stays gray.
        assertEquals(DigitGrid.GAP_GRAY, raster.getSample(left + 4, top + 4, 0));
    }

    @Test
    void leavesOnlyTheFinishedFileBehindAndReplacesAnOldOne() throws IOException {
        Path file = directory.resolve("samples.png");
        DigitGrid.write(file, threeImages(), 3, SIDE, 3, 1);
        DigitGrid.write(file, threeImages(), 3, SIDE, 1, 2);

        try (Stream<Path> files = Files.list(directory)) {
            assertEquals(List.of(file), files.toList());
        }
        assertEquals(SIDE * 2 + 2 * GAP, ImageIO.read(file.toFile()).getWidth(), "the second write replaced the first");
    }

    @Test
    void interleaveRowsPutsEachRowOfReconstructionsBelowItsOriginals() {
        float[] originals = {1, 2, 3, 4};
        float[] reconstructions = {5, 6, 7, 8};

        assertArrayEquals(new float[] {1, 2, 5, 6, 3, 4, 7, 8},
                DigitGrid.interleaveRows(originals, reconstructions, 4, 1, 2));
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6, 7, 8},
                DigitGrid.interleaveRows(originals, reconstructions, 4, 1, 4), "one row: originals, then reconstructions");
    }

    @Test
    void rejectsPixelsThatDoNotFillTheImages() {
        assertThrows(IllegalArgumentException.class, () -> DigitGrid.render(new float[15], 1, SIDE, 1, 1));
        assertThrows(IllegalArgumentException.class,
                () -> DigitGrid.interleaveRows(new float[3], new float[3], 3, 1, 2));
    }
}

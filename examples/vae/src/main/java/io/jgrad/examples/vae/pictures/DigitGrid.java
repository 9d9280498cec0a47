package io.jgrad.examples.vae.pictures;

import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A grid of grayscale digit images as one 8-bit grayscale PNG, drawn the way MNIST stores them: white ink (1) on black
 * (0). Used for reconstructions.png, samples.png and interpolation.png.
 *
 * <p>Layout: image {@code k} sits in row {@code k / columns}, column {@code k % columns}; each pixel becomes a
 * {@code scale x scale} block; tiles are separated, and the grid framed, by {@link #GAP} pixels of gray
 * {@link #GAP_GRAY}, so black digit backgrounds do not run together. Tiles past the last image stay gray.
 *
 * <p>Invariant: a pixel value {@code v} is drawn as gray level {@code round(255 * clamp(v, 0, 1))}.
 */
public final class DigitGrid {
    static {
        System.setProperty("java.awt.headless", "true");
    }

    /** Pixels of separator between tiles and around the grid. */
    public static final int GAP = 2;
    /** The separator's gray level (0 black, 255 white). */
    public static final int GAP_GRAY = 128;

    private DigitGrid() {
    }

    /**
     * Writes {@code count} images of {@code side x side} pixels, stored one after another in row-major order in
     * {@code pixels} (values in [0, 1]), as a grid {@code columns} wide, each pixel drawn {@code scale} times larger.
     */
    public static void write(Path file, float[] pixels, int count, int side, int columns, int scale) throws IOException {
        AtomicFiles.writePng(file, render(pixels, count, side, columns, scale));
    }

    /**
     * The grid as an image of width {@code columns * side * scale + (columns + 1) * GAP} and height
     * {@code rows * side * scale + (rows + 1) * GAP}, with {@code rows = ceil(count / columns)}.
     */
    public static BufferedImage render(float[] pixels, int count, int side, int columns, int scale) {
        if (count < 1 || side < 1 || columns < 1 || scale < 1) {
            throw new IllegalArgumentException("DigitGrid: count " + count + ", side " + side + ", columns " + columns
                    + " and scale " + scale + " must all be at least 1");
        }
        if (pixels.length != count * side * side) {
            throw new IllegalArgumentException("DigitGrid: " + pixels.length + " pixels are not " + count + " images of "
                    + side + "x" + side + " (" + count * side * side + " pixels)");
        }
        int rows = (count + columns - 1) / columns;
        int tile = side * scale;
        BufferedImage image = new BufferedImage(columns * tile + (columns + 1) * GAP, rows * tile + (rows + 1) * GAP,
                BufferedImage.TYPE_BYTE_GRAY);
        // NOTE: samples go through the raster: getRGB/setRGB on a gray image would convert to sRGB and shift levels.
        WritableRaster raster = image.getRaster();
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                raster.setSample(x, y, 0, GAP_GRAY);
            }
        }
        for (int k = 0; k < count; k++) {
            int left = GAP + (k % columns) * (tile + GAP);
            int top = GAP + (k / columns) * (tile + GAP);
            for (int row = 0; row < side; row++) {
                for (int column = 0; column < side; column++) {
                    int gray = grayLevel(pixels[(k * side + row) * side + column]);
                    for (int dy = 0; dy < scale; dy++) {
                        for (int dx = 0; dx < scale; dx++) {
                            raster.setSample(left + column * scale + dx, top + row * scale + dy, 0, gray);
                        }
                    }
                }
            }
        }
        return image;
    }

    /** {@code round(255 * v)} with {@code v} clamped to [0, 1]; NaN draws as black. */
    static int grayLevel(float v) {
        float clamped = Float.isNaN(v) ? 0f : Math.min(Math.max(v, 0f), 1f);
        return Math.round(255f * clamped);
    }

    /**
     * Orders {@code count} originals and their {@code count} reconstructions so that, drawn {@code columns} wide, each
     * row of originals has the row of their reconstructions right below it. With {@code count == columns} that is
     * simply the originals followed by the reconstructions (2 rows).
     *
     * @param count must be a multiple of {@code columns}, so that every original has its reconstruction below it
     * @return {@code 2 * count} images of {@code side x side}, ready for {@link #write} with {@code 2 * count} images
     */
    public static float[] interleaveRows(float[] originals, float[] reconstructions, int count, int side, int columns) {
        int image = side * side;
        if (originals.length != count * image || reconstructions.length != count * image) {
            throw new IllegalArgumentException("interleaveRows: expected " + count + " images of " + side + "x" + side
                    + " in each array, got " + originals.length + " and " + reconstructions.length + " pixels");
        }
        if (columns < 1 || count % columns != 0) {
            throw new IllegalArgumentException("interleaveRows: " + count + " images do not fill rows of " + columns);
        }
        int rowLength = columns * image;
        float[] ordered = new float[2 * count * image];
        for (int row = 0; row < count / columns; row++) {
            System.arraycopy(originals, row * rowLength, ordered, 2 * row * rowLength, rowLength);
            System.arraycopy(reconstructions, row * rowLength, ordered, (2 * row + 1) * rowLength, rowLength);
        }
        return ordered;
    }
}

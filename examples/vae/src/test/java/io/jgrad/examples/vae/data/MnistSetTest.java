package io.jgrad.examples.vae.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MnistSetTest {
    @TempDir
    Path dir;

    @Test
    void bothSplitsLoadFromRawFiles() throws IOException {
        SyntheticMnist.write(dir, SyntheticMnist.files(5), false);
        MnistSet train = MnistSet.load(dir, MnistSet.Split.TRAIN);
        MnistSet test = MnistSet.load(dir, MnistSet.Split.TEST);
        assertEquals(5, train.size());
        assertEquals(3, test.size());
        assertEquals(784, train.imageSize());
        assertEquals(4, train.label(4));
    }

    @Test
    void bothSplitsLoadFromGzippedFiles() throws IOException {
        SyntheticMnist.write(dir, SyntheticMnist.files(5), true);
        assertEquals(5, MnistSet.load(dir, MnistSet.Split.TRAIN).size());
        assertEquals(3, MnistSet.load(dir, MnistSet.Split.TEST).size());
    }

    @Test
    void imagesAndLabelsWhoseCountsDisagreeAreRejectedNamingBothFiles() throws IOException {
        Path images = Files.write(dir.resolve("train-images-idx3-ubyte"), SyntheticMnist.images(5));
        Path labels = Files.write(dir.resolve("train-labels-idx1-ubyte"), SyntheticMnist.labels(4));
        IdxFormatException e = assertThrows(IdxFormatException.class, () -> MnistSet.read(images, labels));
        assertTrue(e.getMessage().contains("5 images in " + images + " but 4 labels in " + labels), e.getMessage());
    }

    @Test
    void aMissingFileIsReportedWithBothNamesLookedFor() throws IOException {
        Files.write(dir.resolve("train-images-idx3-ubyte"), SyntheticMnist.images(5));
        NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> MnistSet.load(dir, MnistSet.Split.TRAIN));
        assertTrue(e.getMessage().contains("expected train-labels-idx1-ubyte or train-labels-idx1-ubyte.gz in " + dir),
                e.getMessage());
    }

    @Test
    void copyBatchScalesThePixelsOfTheChosenImagesToZeroOneInOrder() throws IOException {
        SyntheticMnist.write(dir, SyntheticMnist.files(5), false);
        MnistSet set = MnistSet.load(dir, MnistSet.Split.TRAIN);
        int[] order = {4, 2, 0, 3, 1};
        float[] out = new float[3 * 784 + 1];
        out[3 * 784] = -7f;
        set.copyBatch(order, 1, 3, out);
        for (int b = 0; b < 3; b++) {
            for (int p = 0; p < 784; p++) {
                assertEquals(SyntheticMnist.pixel(order[1 + b], p) / 255f, out[b * 784 + p]);
            }
        }
        assertEquals(0f, out[784], "image 0, second in the batch, starts with pixel value 0");
        assertEquals(1f, out[784 - 1], "pixel value 255 becomes exactly 1");
        assertEquals(-7f, out[3 * 784], "floats past the batch stay untouched");
    }

    /** 35 pixels: whole vectors and a tail on every vector width, and bytes of 128 and more (negative in Java). */
    @Test
    void copyBatchGivesEveryByteValueItsOwnFloatInVectorsAndInTheTail() {
        int size = 5 * 7;
        byte[] pixels = new byte[8 * size];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) i;                       // 0, 1, ..., 255, 0, ...: every value, 128-255 negative
        }
        MnistSet set = new MnistSet(pixels, new byte[8], 5, 7);
        int[] order = {7, 0, 3, 5, 1, 6, 2, 4};
        float[] out = new float[8 * size];
        set.copyBatch(order, 0, 8, out);
        for (int b = 0; b < 8; b++) {
            for (int p = 0; p < size; p++) {
                int value = (order[b] * size + p) & 0xff;
                assertEquals(value / 255f, out[b * size + p], "image " + order[b] + " pixel " + p);
            }
        }
    }

    @Test
    void copyBatchRejectsAnOutArrayTooSmallForTheBatch() {
        MnistSet set = new MnistSet(new byte[2 * 4], new byte[2], 2, 2);
        assertThrows(IllegalArgumentException.class, () -> set.copyBatch(new int[] {0, 1}, 0, 2, new float[7]));
        assertThrows(IndexOutOfBoundsException.class, () -> set.copyBatch(new int[] {0, 1}, 1, 2, new float[8]));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> set.copyBatch(new int[] {0, 1}, 0, 2, new float[12], 5));
        assertEquals("2 images from position 5 need 13 floats, out has 12", e.getMessage());
    }

    // A batch's tensor is written a range of images per thread: each range at its own place, the rest untouched.
    @Test
    void copyBatchFromAPositionWritesOnlyItsOwnImages() {
        int size = 4;
        byte[] pixels = new byte[3 * size];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) (10 * i);
        }
        MnistSet set = new MnistSet(pixels, new byte[3], 2, 2);
        float[] out = new float[3 * size];
        Arrays.fill(out, -1f);
        set.copyBatch(new int[] {2, 0, 1}, 1, 1, out, size);      // the second image of the batch only
        for (int i = 0; i < out.length; i++) {
            float expected = i >= size && i < 2 * size ? 10 * (i - size) / 255f : -1f;
            assertEquals(expected, out[i], "position " + i);
        }
    }

    @Test
    void limitKeepsTheFirstImagesAndTheirLabels() throws IOException {
        SyntheticMnist.write(dir, SyntheticMnist.files(5), false);
        MnistSet set = MnistSet.load(dir, MnistSet.Split.TRAIN);
        MnistSet first = set.limit(2);
        assertEquals(2, first.size());
        assertEquals(1, first.label(1));
        float[] fromFirst = new float[784];
        float[] fromAll = new float[784];
        first.copyBatch(new int[] {1}, 0, 1, fromFirst);
        set.copyBatch(new int[] {1}, 0, 1, fromAll);
        assertTrue(Arrays.equals(fromAll, fromFirst));
        assertSame(set, set.limit(5));
    }

    @Test
    void labelsAreReadAsUnsignedBytes() {
        MnistSet set = new MnistSet(new byte[1], new byte[] {(byte) 200}, 1, 1);
        assertEquals(200, set.label(0));
    }
}

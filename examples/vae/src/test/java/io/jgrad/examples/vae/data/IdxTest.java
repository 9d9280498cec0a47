package io.jgrad.examples.vae.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxTest {
    @TempDir
    Path dir;

    private Path write(String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }

    private void assertMessageContains(Exception e, String... parts) {
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), () -> "'" + e.getMessage() + "' lacks '" + part + "'");
        }
    }

    @Test
    void aRawImagesFileGivesItsDimensionsAndPixels() throws IOException {
        byte[] file = SyntheticMnist.images(5);
        Idx idx = Idx.readImages(write("train-images-idx3-ubyte", file));
        assertArrayEquals(new int[] {5, 28, 28}, idx.dims());
        assertArrayEquals(Arrays.copyOfRange(file, 16, file.length), idx.data());
    }

    @Test
    void aGzippedFileNamedGzIsGunzipped() throws IOException {
        Idx idx = Idx.readLabels(write("train-labels-idx1-ubyte.gz", SyntheticMnist.gzip(SyntheticMnist.labels(5))));
        assertArrayEquals(new int[] {5}, idx.dims());
        assertArrayEquals(new byte[] {0, 1, 2, 3, 4}, idx.data());
    }

    @Test
    void aGzippedFileIsRecognisedByItsMagicBytesWhateverItsName() throws IOException {
        Idx idx = Idx.readImages(write("images", SyntheticMnist.gzip(SyntheticMnist.images(5))));
        assertArrayEquals(new int[] {5, 28, 28}, idx.dims());
    }

    @Test
    void aTruncatedFileIsRejectedNamingTheFileAndTheExpectedAndFoundSizes() throws IOException {
        Path file = write("train-images-idx3-ubyte", Arrays.copyOf(SyntheticMnist.images(5), 16 + 1200));
        IdxFormatException e = assertThrows(IdxFormatException.class, () -> Idx.readImages(file));
        assertMessageContains(e, "train-images-idx3-ubyte: expected 3920 bytes of pixels after the header, found 1200");
    }

    @Test
    void dataLongerThanTheFirstArrayIsReadWholeAndAShortStreamGivesWhatItHas() throws IOException {
        byte[] bytes = new byte[100];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (3 * i + 1);
        }
        assertArrayEquals(bytes, Idx.readData(new ByteArrayInputStream(bytes), 100, 7));
        assertArrayEquals(Arrays.copyOf(bytes, 60), Idx.readData(new ByteArrayInputStream(bytes), 60, 7));
        assertArrayEquals(Arrays.copyOf(bytes, 50), Idx.readData(new ByteArrayInputStream(bytes, 0, 50), 100, 7));
        // a header claiming 2 GB over a short file: the array grows with the bytes that come, not to the claim
        assertArrayEquals(bytes, Idx.readData(new ByteArrayInputStream(bytes), Integer.MAX_VALUE - 8, 7));
        assertArrayEquals(bytes, Idx.readData(new ByteArrayInputStream(bytes), Integer.MAX_VALUE - 8));
    }

    @Test
    void aTruncatedHeaderIsRejected() throws IOException {
        Path file = write("train-images-idx3-ubyte", Arrays.copyOf(SyntheticMnist.images(5), 10));
        IdxFormatException e = assertThrows(IdxFormatException.class, () -> Idx.readImages(file));
        assertMessageContains(e, "train-images-idx3-ubyte", "expected 4 bytes of header (dimension 1), found 2");
    }

    @Test
    void bytesBeyondTheDataAreRejected() throws IOException {
        Path file = write("train-labels-idx1-ubyte", Arrays.copyOf(SyntheticMnist.labels(5), 8 + 5 + 3));
        IdxFormatException e = assertThrows(IdxFormatException.class, () -> Idx.readLabels(file));
        assertMessageContains(e, "train-labels-idx1-ubyte: expected 5 bytes of labels after the header, found more");
    }

    @Test
    void aLabelsFileWhereImagesWereExpectedIsRejectedByItsMagicNumber() throws IOException {
        Path file = write("train-images-idx3-ubyte", SyntheticMnist.labels(5));
        IdxFormatException e = assertThrows(IdxFormatException.class, () -> Idx.readImages(file));
        assertMessageContains(e,
                "train-images-idx3-ubyte: expected magic number 0x00000803 (unsigned bytes, 3 dimensions)",
                "found 0x00000801 (unsigned bytes, 1 dimension)");
    }

    @Test
    void aFileThatIsNotIdxAtAllIsRejected() throws IOException {
        Path file = write("t10k-images-idx3-ubyte", "<html>not found</html>".getBytes());
        IdxFormatException e = assertThrows(IdxFormatException.class, () -> Idx.readImages(file));
        assertMessageContains(e, "t10k-images-idx3-ubyte", "not an IDX file");
    }

    @Test
    void aNegativeDimensionIsRejected() throws IOException {
        byte[] bytes = ByteBuffer.allocate(16).putInt(Idx.IMAGES_MAGIC).putInt(-1).putInt(28).putInt(28).array();
        Path file = write("t10k-images-idx3-ubyte", bytes);
        IdxFormatException e = assertThrows(IdxFormatException.class, () -> Idx.readImages(file));
        assertMessageContains(e, "expected a non-negative size for dimension 0, found -1");
    }

    @Test
    void corruptGzipDataIsRejectedNamingTheFile() throws IOException {
        byte[] gz = SyntheticMnist.gzip(SyntheticMnist.images(5));
        for (int i = 20; i < gz.length - 8; i += 7) {
            gz[i] ^= 0x5a;
        }
        Path file = write("train-images-idx3-ubyte.gz", gz);
        IdxFormatException e = assertThrows(IdxFormatException.class, () -> Idx.readImages(file));
        assertMessageContains(e, "train-images-idx3-ubyte.gz: expected");
    }

    @Test
    void aTruncatedGzipFileIsRejectedNamingTheFile() throws IOException {
        byte[] gz = SyntheticMnist.gzip(SyntheticMnist.images(5));
        Path file = write("train-images-idx3-ubyte.gz", Arrays.copyOf(gz, gz.length / 2));
        IdxFormatException e = assertThrows(IdxFormatException.class, () -> Idx.readImages(file));
        assertMessageContains(e,
                "train-images-idx3-ubyte.gz: expected intact gzip data, found it corrupt or truncated");
    }

    @Test
    void aFileNamedGzThatIsNotGzipIsRejected() throws IOException {
        Path file = write("train-labels-idx1-ubyte.gz", SyntheticMnist.labels(5));
        IdxFormatException e = assertThrows(IdxFormatException.class, () -> Idx.readLabels(file));
        assertMessageContains(e, "train-labels-idx1-ubyte.gz: expected gzip data, found Not in GZIP format");
    }

    @Test
    void findPrefersTheRawFileAndFallsBackToGz() throws IOException {
        write("a.gz", new byte[0]);
        assertTrue(Idx.find(dir, "a").orElseThrow().endsWith("a.gz"));
        write("a", new byte[0]);
        assertTrue(Idx.find(dir, "a").orElseThrow().endsWith("a"));
        assertTrue(Idx.find(dir, "b").isEmpty());
    }
}

package io.jgrad.examples.vae.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataLocatorTest {
    private static final Map<String, byte[]> FILES = SyntheticMnist.files(5);
    private static final Map<String, String> PINS = SyntheticMnist.pins(FILES);

    @TempDir
    Path dir;

    private static void assertContains(String text, String part) {
        assertTrue(text.contains(part), () -> "'" + text + "' lacks '" + part + "'");
    }

    @Test
    void aDataDirWithMissingFilesGivesAnErrorListingThemAndTheHint() {
        IOException e = assertThrows(IOException.class,
                () -> DataLocator.locate(DatasetKind.MNIST, dir, message -> {}));
        assertContains(e.getMessage(), dir + " does not hold the expected data files");
        assertContains(e.getMessage(), "train-images-idx3-ubyte: missing (expected train-images-idx3-ubyte or "
                + "train-images-idx3-ubyte.gz)");
        assertContains(e.getMessage(), "t10k-labels-idx1-ubyte: missing");
        assertContains(e.getMessage(), "--data " + dir + " must hold the four mnist files");
    }

    @Test
    void aDataDirWithVerifiedRawAndGzippedFilesIsUsedAsItIs() throws IOException {
        Map<String, byte[]> raw = new LinkedHashMap<>(FILES);
        Map<String, byte[]> gzipped = new LinkedHashMap<>();
        gzipped.put("t10k-images-idx3-ubyte", raw.remove("t10k-images-idx3-ubyte"));
        SyntheticMnist.write(dir, raw, false);
        SyntheticMnist.write(dir, gzipped, true);
        assertEquals(dir, DataLocator.useExisting(dir, PINS, "hint"));
        assertEquals(3, MnistSet.load(dir, MnistSet.Split.TEST).size());
    }

    @Test
    void aDataDirFileWithTheWrongHashIsReportedButLeftInPlace() throws IOException {
        SyntheticMnist.write(dir, FILES, false);
        Path bad = Files.write(dir.resolve("train-labels-idx1-ubyte"), SyntheticMnist.labels(6));
        IOException e = assertThrows(IOException.class, () -> DataLocator.useExisting(dir, PINS, "the hint"));
        assertContains(e.getMessage(), bad + ": SHA-256 mismatch, expected " + PINS.get("train-labels-idx1-ubyte")
                + ", found " + SyntheticMnist.sha256(SyntheticMnist.labels(6)));
        assertTrue(e.getMessage().endsWith("\nthe hint"));
        assertTrue(Files.exists(bad));
    }

    @Test
    void datasetNamesAreTheOnesTheCliTakes() {
        assertEquals(DatasetKind.MNIST, DatasetKind.fromCliName("mnist"));
        assertEquals(DatasetKind.FASHION_MNIST, DatasetKind.fromCliName("fashion-mnist"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DatasetKind.fromCliName("cifar"));
        assertEquals("unknown dataset 'cifar', expected one of mnist, fashion-mnist", e.getMessage());
    }

    @Test
    void bothDatasetsPinTheSameFourFileNames() {
        assertEquals(DatasetKind.MNIST.sha256ByFile().keySet(), DatasetKind.FASHION_MNIST.sha256ByFile().keySet());
        assertEquals(4, DatasetKind.MNIST.sha256ByFile().size());
    }
}

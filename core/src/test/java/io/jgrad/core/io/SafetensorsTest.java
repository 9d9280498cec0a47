package io.jgrad.core.io;

import io.jgrad.core.DefaultBackend;
import static io.jgrad.core.io.SafetensorsBytes.file;
import static io.jgrad.core.io.SafetensorsBytes.floats;
import static io.jgrad.core.io.SafetensorsBytes.header;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jgrad.core.Backend;
import io.jgrad.core.Rng;
import io.jgrad.core.Tensor;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Writing and reading back: values, shapes, order, metadata, the exact bytes, and atomic replacement. */
class SafetensorsTest {
    @TempDir
    Path dir;

    @Test
    void tensorsOfEveryRankSurviveARoundTripInTheirOrder() throws IOException {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("scalar", Tensor.scalar(-2.5f));
        tensors.put("vector", Tensor.of(new float[] {1, Float.NaN, Float.NEGATIVE_INFINITY, -0f}));
        tensors.put("cube", Tensor.arange(24).reshape(2, 3, 4));
        tensors.put("empty", Tensor.zeros(2, 0, 3));
        tensors.put("a.first.name.that.sorts.first", Tensor.ones(1));
        Path path = dir.resolve("round.safetensors");

        Safetensors.write(path, tensors);
        Safetensors.Contents contents = Safetensors.read(path);

        assertEquals(List.copyOf(tensors.keySet()), List.copyOf(contents.tensors().keySet()));
        for (String name : tensors.keySet()) {
            Tensor written = tensors.get(name);
            Tensor read = contents.tensor(name);
            assertArrayEquals(written.shape().sizes(), read.shape().sizes(), name);
            assertArrayEquals(written.toArray(), read.toArray(), name);
        }
        assertEquals(0, contents.tensor("scalar").rank());
        assertEquals(Float.floatToRawIntBits(-0f), Float.floatToRawIntBits(contents.tensor("vector").get(3)));
        assertEquals(Map.of(), contents.metadata());
    }

    @Test
    void aTransposedViewIsWrittenInTheRowMajorOrderOfItsShape() throws IOException {
        Tensor transposed = Tensor.arange(6).reshape(2, 3).t();
        assertFalse(transposed.isContiguous());
        Path path = dir.resolve("view.safetensors");

        Safetensors.write(path, Map.of("t", transposed));

        byte[] bytes = Files.readAllBytes(path);
        byte[] data = Arrays.copyOfRange(bytes, bytes.length - 24, bytes.length);
        assertArrayEquals(floats(0, 3, 1, 4, 2, 5), data);
        Tensor read = Safetensors.read(path).tensor("t");
        assertArrayEquals(new int[] {3, 2}, read.shape().sizes());
        assertArrayEquals(new float[] {0, 3, 1, 4, 2, 5}, read.toArray());
    }

    @Test
    void metadataSurvivesARoundTripAndEmptyMetadataIsLeftOut() throws IOException {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("format", "pt");
        metadata.put("note", "épochs: \"10\"\nlr\t= 1e-3 \\ 😀");
        Path with = dir.resolve("with.safetensors");
        Path without = dir.resolve("without.safetensors");

        Safetensors.write(with, Map.of("x", Tensor.ones(2)), metadata);
        Safetensors.write(without, Map.of("x", Tensor.ones(2)), Map.of());

        assertEquals(metadata, Safetensors.read(with).metadata());
        assertEquals(List.copyOf(metadata.keySet()), List.copyOf(Safetensors.read(with).metadata().keySet()));
        assertEquals(Map.of(), Safetensors.read(without).metadata());
        assertFalse(header(Files.readAllBytes(without)).contains("__metadata__"));
    }

    @Test
    void theBytesAreWhatTheReferenceWriterProduces() throws IOException {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("b", Tensor.of(new float[] {1, 2}));
        tensors.put("a", Tensor.scalar(3));
        Path path = dir.resolve("exact.safetensors");

        Safetensors.write(path, tensors, Map.of("format", "pt"));

        byte[] expected = file("{\"__metadata__\":{\"format\":\"pt\"},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"a\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[8,12]}}", floats(1, 2, 3));
        assertArrayEquals(expected, Files.readAllBytes(path));
    }

    @Test
    void theHeaderIsPaddedWithSpacesToAMultipleOfEight() throws IOException {
        for (int nameLength = 1; nameLength <= 16; nameLength++) {
            Path path = dir.resolve("pad" + nameLength + ".safetensors");
            Safetensors.write(path, Map.of("w".repeat(nameLength), Tensor.ones(3)));

            String header = header(Files.readAllBytes(path));
            assertEquals(0, header.getBytes(StandardCharsets.UTF_8).length % 8, header);
            String json = header.stripTrailing();
            assertTrue(json.endsWith("}") && header.length() - json.length() < 8, header);
            assertEquals(1, Safetensors.read(path).tensors().size());
        }
    }

    @Test
    void aLargeTensorGoesThroughTheChunkedPathIntact() throws IOException {
        float[] values = new Rng(7).normal(1250 * 1000, 0, 1);
        Path path = dir.resolve("large.safetensors");

        Safetensors.write(path, Map.of("encoder.0.weight", Tensor.of(values, 1250, 1000), "tail", Tensor.ones(3)));

        Safetensors.Contents contents = Safetensors.read(path);
        assertArrayEquals(values, contents.tensor("encoder.0.weight").toArray());
        assertArrayEquals(new float[] {1, 1, 1}, contents.tensor("tail").toArray());
    }

    @Test
    void overwritingAFileReplacesItAndLeavesNoTemporaryFiles() throws IOException {
        Path path = dir.resolve("weights.safetensors");
        Safetensors.write(path, Map.of("old", Tensor.ones(100)));

        Safetensors.write(path, Map.of("new", Tensor.scalar(5)), Map.of("step", "2"));

        Safetensors.Contents contents = Safetensors.read(path);
        assertEquals(List.of("new"), List.copyOf(contents.tensors().keySet()));
        assertEquals(Map.of("step", "2"), contents.metadata());
        assertEquals(List.of("weights.safetensors"), fileNames());
    }

    @Test
    void aWriteThatFailsHalfwayLeavesTheOldFileAndNoTemporaryFiles() throws IOException {
        Path path = dir.resolve("weights.safetensors");
        Safetensors.write(path, Map.of("old", Tensor.ones(100)));
        byte[] before = Files.readAllBytes(path);
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("fine", Tensor.ones(1000));
        tensors.put("lost", Tensor.of(backendThatFailsToCopyOut(), new float[] {1, 2}, 2));

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Safetensors.write(path, tensors));

        assertEquals("device lost", e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(path));
        assertEquals(List.of("weights.safetensors"), fileNames());
    }

    @Test
    void theMetadataKeyCannotNameATensor() {
        Path path = dir.resolve("reserved.safetensors");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Safetensors.write(path, Map.of("__metadata__", Tensor.ones(1))));
        assertTrue(e.getMessage().contains("__metadata__"), e.getMessage());
        assertFalse(Files.exists(path));
    }

    @Test
    void askingForAMissingTensorListsTheNamesThereAre() throws IOException {
        Path path = dir.resolve("names.safetensors");
        Safetensors.write(path, Map.of("weight", Tensor.ones(1)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Safetensors.read(path).tensor("bias"));
        assertEquals("no tensor 'bias'; the file holds [weight]", e.getMessage());
    }

    /** The reference backend, except that copying a tensor back to the host fails, as a lost GPU would. */
    private static Backend backendThatFailsToCopyOut() {
        return (Backend) Proxy.newProxyInstance(Backend.class.getClassLoader(), new Class<?>[] {Backend.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("toArray")) {
                        throw new IllegalStateException("device lost");
                    }
                    try {
                        return method.invoke(DefaultBackend.get(), args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private List<String> fileNames() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }
}

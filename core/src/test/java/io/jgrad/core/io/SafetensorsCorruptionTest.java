package io.jgrad.core.io;

import static io.jgrad.core.io.SafetensorsBytes.concat;
import static io.jgrad.core.io.SafetensorsBytes.file;
import static io.jgrad.core.io.SafetensorsBytes.floats;
import static io.jgrad.core.io.SafetensorsBytes.header;
import static io.jgrad.core.io.SafetensorsBytes.utf8;
import static io.jgrad.core.io.SafetensorsBytes.withHeaderLength;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.jgrad.core.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Broken files are rejected whole, before any tensor is returned, with an {@link IOException} whose message names
 * the file and the broken rule; and no corruption makes the reader throw anything but an IOException.
 */
class SafetensorsCorruptionTest {
    @TempDir
    Path dir;

    @Test
    void aFileCutShortAnywhereIsRejected() throws IOException {
        byte[] valid = validFile();
        int headerEnd = 8 + utf8(header(valid)).length;
        int[] cuts = {0, 3, 7, 8, 9, 30, headerEnd - 1, headerEnd, headerEnd + 5, valid.length - 1};
        for (int cut : cuts) {
            String expected = cut < 8 ? "too few for the 8-byte header length"
                    : cut < headerEnd ? "runs past the end of the file, which has " + cut + " bytes"
                    : "(is the file truncated?)";
            assertRejected(Arrays.copyOf(valid, cut), expected);
        }
    }

    @Test
    void aHeaderLengthPastTheFileOrOverTheLimitIsRejected() throws IOException {
        byte[] header = utf8("{}      ");
        byte[] none = new byte[0];
        assertRejected(withHeaderLength(1000, header, none), "header length 1000 runs past the end of the file");
        assertRejected(withHeaderLength(200_000_000, header, none), "header length 200000000 is over the limit");
        assertRejected(withHeaderLength(-1, header, none), "header length 18446744073709551615 is over the limit");
    }

    @Test
    void aHeaderThatIsNotAJsonObjectIsRejected() throws IOException {
        assertRejected(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[2]", floats(1, 2)),
                "the header is not valid JSON: expected ',' or '}', found end of text");
        assertRejected(file("{\"a\":{\"dtype\":\"F32\" \"shape\":[2]}}", floats(1, 2)),
                "the header is not valid JSON: expected ',' or '}', found '\"' at character 20");
        assertRejected(file("[1,2]", new byte[0]), "the header must be a JSON object, found [1, 2]");
        assertRejected(withHeaderLength(3, new byte[] {'{', (byte) 0xFF, '}'}, new byte[0]), "not valid UTF-8");
        assertRejected(file("[".repeat(10_000), new byte[0]), "nested deeper than 64 levels");
    }

    @Test
    void anEntryWithoutDtypeShapeOrOffsetsIsRejected() throws IOException {
        byte[] data = floats(1, 2);
        assertRejected(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[2]}}", data), "tensor 'a' has no data_offsets");
        assertRejected(file("{\"a\":{\"shape\":[2],\"data_offsets\":[0,8]}}", data), "tensor 'a' has no dtype");
        assertRejected(file("{\"a\":{\"dtype\":\"F32\",\"data_offsets\":[0,8]}}", data), "tensor 'a' has no shape");
        assertRejected(file("{\"a\":[0,8]}", floats(1, 2)), "tensor 'a' must be a JSON object");
    }

    @Test
    void anUnknownDtypeOrAMalformedShapeIsRejected() throws IOException {
        assertRejected(file(entry("a", "F33", "[2]", "[0,8]"), floats(1, 2)), "tensor 'a' has unknown dtype 'F33'");
        assertRejected(file(entry("a", "f32", "[2]", "[0,8]"), floats(1, 2)), "tensor 'a' has unknown dtype 'f32'");
        assertRejected(file("{\"a\":{\"dtype\":32,\"shape\":[2],\"data_offsets\":[0,8]}}", floats(1, 2)),
                "tensor 'a' has unknown dtype 32");
        assertRejected(file(entry("a", "F32", "[-2]", "[0,8]"), floats(1, 2)), "tensor 'a' has shape [-2]");
        assertRejected(file(entry("a", "F32", "[2.0]", "[0,8]"), floats(1, 2)), "tensor 'a' has shape [2.0]");
        assertRejected(file(entry("a", "F32", "\"2\"", "[0,8]"), floats(1, 2)), "tensor 'a' has shape '2'");
        assertRejected(file(entry("a", "F32", "[65536,65536]", "[0,8]"), floats(1, 2)),
                "has shape [65536, 65536], too large for jgrad's int indexing");
    }

    @Test
    void offsetsThatAreNotAnOrderedPairOfNaturalNumbersAreRejected() throws IOException {
        for (String offsets : new String[] {"[8,0]", "[-4,4]", "[0,8,16]", "[0]", "[\"0\",8]", "null"}) {
            assertRejected(file(entry("a", "F32", "[2]", offsets), floats(1, 2)),
                    "tensor 'a' has data_offsets " + offsets.replace(",", ", ").replace("\"", "'"));
        }
    }

    @Test
    void aByteCountThatDoesNotMatchTheShapeIsRejectedWithBoth() throws IOException {
        Path path = write(file(entry("encoder.0.weight", "F32", "[400,784]", "[0,100]"), new byte[100]));
        IOException e = assertThrows(SafetensorsFormatException.class, () -> Safetensors.read(path));
        assertEquals(path + ": tensor 'encoder.0.weight' has data_offsets [0, 100] but shape [400, 784] of F32 needs"
                + " 1254400 bytes", e.getMessage());
    }

    @Test
    void offsetsPastTheDataSectionAreRejected() throws IOException {
        assertRejected(file(entry("a", "F32", "[4]", "[0,16]"), floats(1, 2)),
                "tensor 'a' has data_offsets [0, 16] but the data section holds only 8 bytes");
    }

    @Test
    void overlappingTensorsAreRejectedByName() throws IOException {
        String header = "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}";
        assertRejected(file(header, floats(1, 2, 3)),
                "tensors 'a' at data_offsets [0, 8] and 'b' at data_offsets [4, 12] overlap");
    }

    @Test
    void holesAndTrailingBytesInTheDataSectionAreRejected() throws IOException {
        String gap = "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[12,16]}}";
        assertRejected(file(gap, floats(1, 2, 3, 4)), "bytes [8, 12) of the data section belong to no tensor");
        assertRejected(file(entry("a", "F32", "[2]", "[4,12]"), floats(1, 2, 3)), "bytes [0, 4) of the data section");
        assertRejected(concat(file(entry("a", "F32", "[2]", "[0,8]"), floats(1, 2)), new byte[] {'x', 'y', 'z'}),
                "bytes [8, 11) of the data section belong to no tensor");
    }

    @Test
    void aDuplicateNameIsRejected() throws IOException {
        String header = "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
                + "\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}";
        assertRejected(file(header, floats(1, 2)), "duplicate key 'a'");
    }

    @Test
    void metadataThatIsNotAnObjectOfStringsIsRejected() throws IOException {
        assertRejected(file("{\"__metadata__\":{\"epoch\":3}}", new byte[0]),
                "__metadata__ 'epoch' must be a string, found 3");
        assertRejected(file("{\"__metadata__\":[\"pt\"]}", new byte[0]),
                "__metadata__ must be a JSON object of strings, found ['pt']");
    }

    @Test
    void aMissingFileIsTheUsualNoSuchFileException() {
        assertThrows(NoSuchFileException.class, () -> Safetensors.read(dir.resolve("absent.safetensors")));
    }

    @Test
    void randomCorruptionEitherLoadsOrThrowsAnIOExceptionNeverAnythingElse() throws IOException {
        byte[] valid = validFile();
        int headerEnd = 8 + utf8(header(valid)).length;
        byte[] jsonBytes = utf8("{}[]\",:0123456789-.eE \\u");
        Random random = new Random(20240607);
        int loaded = 0;
        int rejected = 0;
        for (int trial = 0; trial < 500; trial++) {
            byte[] bytes = valid.clone();
            int mode = random.nextInt(4);
            if (mode == 0) {
                bytes = Arrays.copyOf(valid, random.nextInt(valid.length));
            } else {
                for (int flips = 1 + random.nextInt(3); flips > 0; flips--) {
                    int at = random.nextInt(mode == 1 ? valid.length : headerEnd);
                    bytes[at] = mode == 3 ? jsonBytes[random.nextInt(jsonBytes.length)] : (byte) random.nextInt(256);
                }
            }
            Path path = write(bytes);
            try {
                Safetensors.read(path);
                loaded++;
            } catch (IOException expected) {
                rejected++;
            } catch (RuntimeException | Error e) {
                fail("trial " + trial + " (mode " + mode + ") threw " + e + " on " + header(bytes), e);
            }
        }
        assertTrue(loaded > 20 && rejected > 200, "loaded " + loaded + ", rejected " + rejected);
    }

    /** A file with metadata and tensors of several ranks, for cutting and corrupting. */
    private byte[] validFile() throws IOException {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("encoder.0.weight", Tensor.arange(12).reshape(3, 4));
        tensors.put("encoder.0.bias", Tensor.ones(3));
        tensors.put("loss", Tensor.scalar(0.5f));
        tensors.put("nothing", Tensor.zeros(2, 0));
        Path path = dir.resolve("valid.safetensors");
        Safetensors.write(path, tensors, Map.of("epoch", "3"));
        return Files.readAllBytes(path);
    }

    private static String entry(String name, String dtype, String shape, String offsets) {
        return "{\"" + name + "\":{\"dtype\":\"" + dtype + "\",\"shape\":" + shape
                + ",\"data_offsets\":" + offsets + "}}";
    }

    private Path write(byte[] bytes) throws IOException {
        Path path = dir.resolve("bad.safetensors");
        Files.write(path, bytes);
        return path;
    }

    private void assertRejected(byte[] bytes, String problem) throws IOException {
        Path path = write(bytes);
        IOException e = assertThrows(SafetensorsFormatException.class, () -> Safetensors.read(path));
        assertTrue(e.getMessage().startsWith(path + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(problem), () -> "expected '" + problem + "' in: " + e.getMessage());
    }
}

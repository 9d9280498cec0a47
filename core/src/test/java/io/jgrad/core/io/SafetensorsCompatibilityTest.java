package io.jgrad.core.io;

import static io.jgrad.core.io.SafetensorsBytes.concat;
import static io.jgrad.core.io.SafetensorsBytes.doubles;
import static io.jgrad.core.io.SafetensorsBytes.file;
import static io.jgrad.core.io.SafetensorsBytes.floats;
import static io.jgrad.core.io.SafetensorsBytes.shorts;
import static io.jgrad.core.io.SafetensorsBytes.utf8;
import static io.jgrad.core.io.SafetensorsBytes.withHeaderLength;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files written by others load: the byte layouts the Python reference and tools/golden.py produce, every legal
 * variation of them, the golden fixtures themselves, and the dtypes jgrad converts to float.
 */
class SafetensorsCompatibilityTest {
    @TempDir
    Path dir;

    @Test
    void aFileLaidOutAsThePythonReferenceWritesItLoads() throws IOException {
        String header = "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"m\":{\"dtype\":\"F32\",\"shape\":[2,2],\"data_offsets\":[8,24]},"
                + "\"loss\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[24,28]},"
                + "\"__metadata__\":{\"format\":\"pt\",\"generator\":\"tools/golden.py\"}}";

        Safetensors.Contents contents = load(file(header, floats(1, 2, 3, 4, 5, 6, 7)));

        assertEquals(List.of("a", "m", "loss"), List.copyOf(contents.tensors().keySet()));
        assertArrayEquals(new float[] {1, 2}, contents.tensor("a").toArray());
        assertArrayEquals(new int[] {2, 2}, contents.tensor("m").shape().sizes());
        assertArrayEquals(new float[] {3, 4, 5, 6}, contents.tensor("m").toArray());
        assertEquals(0, contents.tensor("loss").rank());
        assertEquals(7f, contents.tensor("loss").item());
        assertEquals(Map.of("format", "pt", "generator", "tools/golden.py"), contents.metadata());
    }

    @Test
    void metadataFirstAndDataInAnotherOrderThanTheHeaderAreLegal() throws IOException {
        String header = "{\"__metadata__\":{\"format\":\"pt\"},"
                + "\"z\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[12,16]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,12]}}";

        Safetensors.Contents contents = load(file(header, floats(10, 20, 30, 40)));

        assertEquals(List.of("z", "b", "a"), List.copyOf(contents.tensors().keySet()));
        assertArrayEquals(new float[] {40}, contents.tensor("z").toArray());
        assertArrayEquals(new float[] {10, 20}, contents.tensor("b").toArray());
        assertArrayEquals(new float[] {30}, contents.tensor("a").toArray());
        assertEquals(Map.of("format", "pt"), contents.metadata());
    }

    @Test
    void anUnpaddedHeaderWithWhitespaceLoads() throws IOException {
        byte[] header = utf8("{\n  \"a\": {\"dtype\": \"F32\", \"shape\": [1], \"data_offsets\": [0, 4]}\n}");
        assertTrue(header.length % 8 != 0);

        Safetensors.Contents contents = load(withHeaderLength(header.length, header, floats(9)));

        assertArrayEquals(new float[] {9}, contents.tensor("a").toArray());
    }

    @Test
    void emptyTensorsAndEmptyFilesAreLegal() throws IOException {
        String header = "{\"e\":{\"dtype\":\"F32\",\"shape\":[3,0],\"data_offsets\":[4,4]},"
                + "\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
                + "\"f\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[4,4]}}";

        Safetensors.Contents contents = load(file(header, floats(1)));

        assertArrayEquals(new int[] {3, 0}, contents.tensor("e").shape().sizes());
        assertEquals(0, contents.tensor("f").numel());
        assertEquals(Map.of(), load(file("{}", new byte[0])).tensors());
        assertEquals(Map.of(), load(file("{\"__metadata__\":{}}", new byte[0])).metadata());
    }

    @Test
    void halfBfloat16AndDoubleTensorsAreConvertedToFloat() throws IOException {
        String header = "{\"half\":{\"dtype\":\"F16\",\"shape\":[9],\"data_offsets\":[0,18]},"
                + "\"brain\":{\"dtype\":\"BF16\",\"shape\":[3],\"data_offsets\":[18,24]},"
                + "\"double\":{\"dtype\":\"F64\",\"shape\":[2],\"data_offsets\":[24,40]}}";
        byte[] data = concat(
                shorts(0x3C00, 0xC000, 0x7BFF, 0x0001, 0x03FF, 0x8000, 0x7C00, 0xFC00, 0x7E00),
                shorts(0x3F80, 0xC040, 0x0001),
                doubles(0.1, -1e300));

        Safetensors.Contents contents = load(file(header, data));

        float[] half = contents.tensor("half").toArray();
        assertArrayEquals(new float[] {1, -2, 65504, 0x1p-24f, 1023 * 0x1p-24f, -0f, Float.POSITIVE_INFINITY,
                Float.NEGATIVE_INFINITY}, Arrays.copyOf(half, 8));
        assertEquals(Float.floatToRawIntBits(-0f), Float.floatToRawIntBits(half[5]));
        assertTrue(Float.isNaN(half[8]));
        assertArrayEquals(new float[] {1, -3, Float.intBitsToFloat(0x10000)}, contents.tensor("brain").toArray());
        assertArrayEquals(new float[] {0.1f, Float.NEGATIVE_INFINITY}, contents.tensor("double").toArray());
    }

    @Test
    void integerAndBooleanTensorsAreRejectedWithTheirNameAndDtype() throws IOException {
        String steps = "{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
                + "\"step\":{\"dtype\":\"I64\",\"shape\":[],\"data_offsets\":[4,12]}}";
        String mask = "{\"mask\":{\"dtype\":\"BOOL\",\"shape\":[3],\"data_offsets\":[0,3]}}";

        IOException e = assertThrows(SafetensorsFormatException.class,
                () -> load(file(steps, concat(floats(1), new byte[8]))));
        assertTrue(e.getMessage().contains("tensor 'step' has dtype I64, which jgrad does not load"), e.getMessage());
        e = assertThrows(SafetensorsFormatException.class, () -> load(file(mask, new byte[3])));
        assertTrue(e.getMessage().contains("tensor 'mask' has dtype BOOL"), e.getMessage());
    }

    private Safetensors.Contents load(byte[] bytes) throws IOException {
        Path path = dir.resolve("crafted.safetensors");
        Files.write(path, bytes);
        return Safetensors.read(path);
    }
}

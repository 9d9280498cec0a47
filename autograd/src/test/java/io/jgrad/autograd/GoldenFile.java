package io.jgrad.autograd;

import io.jgrad.core.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the PyTorch golden fixtures under {@code src/test/resources/golden/} (see tools/README.md), a test-only
 * stand-in for the real safetensors reader: an 8-byte little-endian header length N, N bytes of JSON mapping each
 * name to its dtype, shape and data offsets, then the data. Only F32 is written by the fixture script.
 */
public final class GoldenFile {
    /** One header entry: {@code "name":{"dtype":"F32","shape":[4,5],"data_offsets":[0,80]}}, keys in any order. */
    private static final Pattern ENTRY = Pattern.compile("\"([^\"]+)\"\\s*:\\s*\\{([^{}]*)}");
    private static final Pattern SHAPE = Pattern.compile("\"shape\"\\s*:\\s*\\[([^\\]]*)]");
    private static final Pattern OFFSETS = Pattern.compile("\"data_offsets\"\\s*:\\s*\\[\\s*(\\d+)\\s*,\\s*(\\d+)\\s*]");
    private static final Pattern DTYPE = Pattern.compile("\"dtype\"\\s*:\\s*\"(\\w+)\"");

    private GoldenFile() {
    }

    /**
     * Every tensor of {@code golden/<file>} on the test class path (a directory, or this module's test-jar), by name,
     * in file order.
     */
    public static Map<String, Tensor> load(String file) {
        try (InputStream in = GoldenFile.class.getResourceAsStream("/golden/" + file)) {
            if (in == null) {
                throw new IllegalStateException("golden/" + file + " is not on the test class path");
            }
            return parse(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Map<String, Tensor> read(Path path) {
        try {
            return parse(Files.readAllBytes(path));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, Tensor> parse(byte[] file) {
        ByteBuffer bytes = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        int headerLength = Math.toIntExact(bytes.getLong(0));
        String header = new String(bytes.array(), 8, headerLength, StandardCharsets.UTF_8);
        int dataStart = 8 + headerLength;
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        Matcher entry = ENTRY.matcher(header);
        while (entry.find()) {
            String body = entry.group(2);
            Matcher shape = SHAPE.matcher(body);
            Matcher offsets = OFFSETS.matcher(body);
            Matcher dtype = DTYPE.matcher(body);
            if (!shape.find() || !offsets.find() || !dtype.find()) {
                continue; // __metadata__
            }
            if (!dtype.group(1).equals("F32")) {
                throw new IllegalArgumentException("'" + entry.group(1) + "' is " + dtype.group(1) + ", not F32");
            }
            String sizes = shape.group(1).strip();
            int[] dims = sizes.isEmpty() ? new int[0]
                    : java.util.Arrays.stream(sizes.split(",")).mapToInt(s -> Integer.parseInt(s.strip())).toArray();
            int begin = Integer.parseInt(offsets.group(1));
            float[] values = new float[(Integer.parseInt(offsets.group(2)) - begin) / Float.BYTES];
            for (int i = 0; i < values.length; i++) {
                values[i] = bytes.getFloat(dataStart + begin + i * Float.BYTES);
            }
            tensors.put(entry.group(1), Tensor.of(values, dims));
        }
        return tensors;
    }

    /** The entries {@code prefix + name} of {@code golden} for each name, keyed by name: a model's state dict. */
    public static Map<String, Tensor> select(Map<String, Tensor> golden, String prefix, Iterable<String> names) {
        Map<String, Tensor> state = new LinkedHashMap<>();
        for (String name : names) {
            state.put(name, golden.get(prefix + name));
        }
        return state;
    }
}

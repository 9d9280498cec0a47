package io.jgrad.core.io;

import static java.util.stream.Collectors.joining;

import io.jgrad.core.Tensor;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A safetensors header: for each tensor its dtype, shape and byte range {@code [begin, end)} in the data section,
 * plus the string-to-string {@code __metadata__}.
 *
 * <p>Invariant of a parsed header: entries are in header order with unique names; each range holds exactly
 * {@code numel * dtype size} bytes; sorted by {@code begin}, the ranges tile the data section, from 0 to its last
 * byte, with no overlap and no hole (the format requires it). {@link #parse} checks all of this before any data is
 * read, and reports the first broken rule as a {@link SafetensorsFormatException}.
 */
record Header(List<Entry> entries, Map<String, String> metadata) {
    static final String METADATA_KEY = "__metadata__";

    /** One tensor's header entry. {@code shape} is empty for a scalar. */
    record Entry(String name, Dtype dtype, int[] shape, int numel, long begin, long end) {
        String describe() {
            return "'" + name + "' at data_offsets [" + begin + ", " + end + "]";
        }
    }

    /**
     * The header the writer puts before float32 tensors laid out back to back in map order: compact UTF-8 JSON with
     * {@code __metadata__} first (omitted when empty), as the reference writer does, padded with spaces to a
     * multiple of 8 bytes so that the data section starts aligned.
     */
    static byte[] encode(Map<String, Tensor> tensors, Map<String, String> metadata) {
        Map<String, Object> root = new LinkedHashMap<>();
        if (!metadata.isEmpty()) {
            metadata.forEach((key, value) -> Objects.requireNonNull(value, () -> "metadata '" + key + "' is null"));
            root.put(METADATA_KEY, new LinkedHashMap<>(metadata));
        }
        long offset = 0;
        for (Map.Entry<String, Tensor> named : tensors.entrySet()) {
            String name = Objects.requireNonNull(named.getKey(), "a tensor name is null");
            Tensor tensor = Objects.requireNonNull(named.getValue(), () -> "tensor '" + name + "' is null");
            if (name.equals(METADATA_KEY)) {
                throw new IllegalArgumentException("'" + name + "' names the metadata; it cannot name a tensor");
            }
            List<Integer> shape = new ArrayList<>();
            for (int size : tensor.shape().sizes()) {
                shape.add(size);
            }
            long end = offset + (long) Float.BYTES * tensor.numel();
            Map<String, Object> info = new LinkedHashMap<>();
            info.put("dtype", Dtype.F32.name());
            info.put("shape", shape);
            info.put("data_offsets", List.of(offset, end));
            root.put(name, info);
            offset = end;
        }
        byte[] json = Json.write(root).getBytes(StandardCharsets.UTF_8);
        byte[] padded = Arrays.copyOf(json, (json.length + 7) / 8 * 8);
        Arrays.fill(padded, json.length, padded.length, (byte) ' ');
        return padded;
    }

    /** Parses and checks the header bytes of {@code file}, whose data section holds {@code dataLength} bytes. */
    static Header parse(Path file, byte[] bytes, long dataLength) throws SafetensorsFormatException {
        Object root;
        try {
            String json = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
            root = Json.parse(json);
        } catch (CharacterCodingException e) {
            throw new SafetensorsFormatException(file, "the header is not valid UTF-8");
        } catch (ParseException e) {
            throw new SafetensorsFormatException(file, "the header is not valid JSON: " + e.getMessage()
                    + " at character " + e.getErrorOffset());
        }
        if (!(root instanceof Map)) {
            throw new SafetensorsFormatException(file, "the header must be a JSON object, found " + describe(root));
        }
        List<Entry> entries = new ArrayList<>();
        Map<String, String> metadata = Map.of();
        for (Map.Entry<?, ?> member : ((Map<?, ?>) root).entrySet()) {
            String name = (String) member.getKey();
            if (name.equals(METADATA_KEY)) {
                metadata = metadata(file, member.getValue());
            } else {
                entries.add(entry(file, name, member.getValue(), dataLength));
            }
        }
        checkTiling(file, entries, dataLength);
        return new Header(List.copyOf(entries), metadata);
    }

    private static Map<String, String> metadata(Path file, Object value) throws SafetensorsFormatException {
        if (!(value instanceof Map)) {
            throw new SafetensorsFormatException(file, METADATA_KEY + " must be a JSON object of strings, found "
                    + describe(value));
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        for (Map.Entry<?, ?> member : ((Map<?, ?>) value).entrySet()) {
            if (!(member.getValue() instanceof String)) {
                throw new SafetensorsFormatException(file, METADATA_KEY + " '" + member.getKey()
                        + "' must be a string, found " + describe(member.getValue()));
            }
            metadata.put((String) member.getKey(), (String) member.getValue());
        }
        return Collections.unmodifiableMap(metadata);
    }

    private static Entry entry(Path file, String name, Object value, long dataLength)
            throws SafetensorsFormatException {
        String tensor = "tensor '" + name + "'";
        if (!(value instanceof Map)) {
            throw new SafetensorsFormatException(file, tensor + " must be a JSON object with dtype, shape and "
                    + "data_offsets, found " + describe(value));
        }
        Map<?, ?> info = (Map<?, ?>) value;
        for (String field : List.of("dtype", "shape", "data_offsets")) {
            if (!info.containsKey(field)) {
                throw new SafetensorsFormatException(file, tensor + " has no " + field);
            }
        }
        Object dtypeName = info.get("dtype");
        Dtype dtype = dtypeName instanceof String ? Dtype.named((String) dtypeName) : null;
        if (dtype == null) {
            throw new SafetensorsFormatException(file, tensor + " has unknown dtype " + describe(dtypeName));
        }
        long[] sizes = integers(info.get("shape"), -1, Integer.MAX_VALUE);
        if (sizes == null) {
            throw new SafetensorsFormatException(file, tensor + " has shape " + describe(info.get("shape"))
                    + "; it must be a list of integers from 0 to " + Integer.MAX_VALUE);
        }
        int[] shape = new int[sizes.length];
        long cells = 1;
        for (int axis = 0; axis < shape.length; axis++) {
            shape[axis] = (int) sizes[axis];
            // NOTE: jgrad indexes with ints, and its row-major strides multiply every size (an empty axis counts as 1).
            cells *= Math.max(shape[axis], 1);
            if (cells > Integer.MAX_VALUE) {
                throw new SafetensorsFormatException(file, tensor + " has shape " + Arrays.toString(sizes)
                        + ", too large for jgrad's int indexing");
            }
        }
        int numel = Arrays.stream(shape).anyMatch(size -> size == 0) ? 0 : (int) cells;
        long[] offsets = integers(info.get("data_offsets"), 2, Long.MAX_VALUE);
        if (offsets == null || offsets[0] > offsets[1]) {
            throw new SafetensorsFormatException(file, tensor + " has data_offsets "
                    + describe(info.get("data_offsets")) + "; it must be two integers [begin, end], 0 <= begin <= end");
        }
        long begin = offsets[0];
        long end = offsets[1];
        long needed = (long) numel * dtype.size;
        if (end - begin != needed) {
            throw new SafetensorsFormatException(file, String.format("%s has data_offsets [%d, %d] but shape %s of %s"
                    + " needs %d bytes", tensor, begin, end, Arrays.toString(shape), dtype, needed));
        }
        if (end > dataLength) {
            throw new SafetensorsFormatException(file, String.format("%s has data_offsets [%d, %d] but the data section"
                    + " holds only %d bytes (is the file truncated?)", tensor, begin, end, dataLength));
        }
        return new Entry(name, dtype, shape, numel, begin, end);
    }

    /**
     * The elements of a JSON list of integers in {@code [0, max]}, or null if it is not one, or if {@code length}
     * is not negative and the list has another length.
     */
    private static long[] integers(Object value, int length, long max) {
        if (!(value instanceof List) || length >= 0 && ((List<?>) value).size() != length) {
            return null;
        }
        List<?> list = (List<?>) value;
        long[] out = new long[list.size()];
        for (int i = 0; i < out.length; i++) {
            if (!(list.get(i) instanceof Long) || (Long) list.get(i) < 0 || (Long) list.get(i) > max) {
                return null;
            }
            out[i] = (Long) list.get(i);
        }
        return out;
    }

    /** Sorted by begin, each range must start where the previous one ended, the first at 0, the last at the end. */
    private static void checkTiling(Path file, List<Entry> entries, long dataLength) throws SafetensorsFormatException {
        List<Entry> byOffset = new ArrayList<>(entries);
        byOffset.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        long covered = 0;
        Entry previous = null;
        for (Entry entry : byOffset) {
            if (entry.begin() < covered) {
                throw new SafetensorsFormatException(file, "tensors " + previous.describe() + " and "
                        + entry.describe() + " overlap");
            }
            if (entry.begin() > covered) {
                throw hole(file, covered, entry.begin());
            }
            covered = entry.end();
            previous = entry;
        }
        if (covered < dataLength) {
            throw hole(file, covered, dataLength);
        }
    }

    private static SafetensorsFormatException hole(Path file, long from, long to) {
        return new SafetensorsFormatException(file, "bytes [" + from + ", " + to + ") of the data section belong to"
                + " no tensor (the format allows no holes and no trailing bytes)");
    }

    /** A JSON value for a message, strings in single quotes, cut short if long. */
    private static String describe(Object value) {
        String text = value instanceof Map ? "an object"
                : value instanceof String ? "'" + value + "'"
                : value instanceof List
                        ? ((List<?>) value).stream().map(Header::describe).collect(joining(", ", "[", "]"))
                : String.valueOf(value);
        return text.length() <= 80 ? text : text.substring(0, 77) + "...";
    }
}

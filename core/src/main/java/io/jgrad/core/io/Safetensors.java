package io.jgrad.core.io;

import io.jgrad.core.Tensor;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Reads and writes tensors in the safetensors format, the one PyTorch and Hugging Face use for weights.
 *
 * <p>A file is: 8 bytes holding N, a little-endian unsigned integer; N bytes of UTF-8 JSON, the header,
 * {@code {"name": {"dtype": "F32", "shape": [2, 3], "data_offsets": [begin, end]}, ..., "__metadata__": {"k": "v"}}};
 * then the data section, where each tensor's elements lie row-major and little-endian in bytes {@code [begin, end)}
 * (offsets count from the start of the data section). The ranges tile the data section exactly: no overlap, no
 * hole, nothing after the last one.
 *
 * <p>{@link #write} writes float32 tensors back to back in the map's order, in the row-major order of each
 * tensor's shape whatever its strides, with the header padded with spaces to a multiple of 8 bytes as the
 * reference writer does. {@link #read} checks the whole header against the file's size before it reads any data,
 * so a bad file throws {@link SafetensorsFormatException} and never loads partly. It loads F32 as is and converts
 * F16, BF16 and F64 to float; other dtypes are an error naming the tensor.
 */
public final class Safetensors {
    /** The reference implementation's limit: a longer header means a corrupt or hostile file. */
    static final long MAX_HEADER_BYTES = 100_000_000;
    /** Bytes moved per read or write call, so a large tensor needs no second full-size copy in bytes. */
    private static final int CHUNK_BYTES = 1 << 20;

    private Safetensors() {
    }

    /** What a file holds: tensors by name in the header's order, and the string metadata. */
    public record Contents(Map<String, Tensor> tensors, Map<String, String> metadata) {

        /** The tensor called {@code name}; a missing one is an error listing the names there are. */
        public Tensor tensor(String name) {
            Tensor tensor = tensors.get(name);
            if (tensor == null) {
                throw new IllegalArgumentException("no tensor '" + name + "'; the file holds " + tensors.keySet());
            }
            return tensor;
        }
    }

    /** Writes {@code tensors} with no metadata; see {@link #write(Path, Map, Map)}. */
    public static void write(Path file, Map<String, Tensor> tensors) throws IOException {
        write(file, tensors, Map.of());
    }

    /**
     * Writes {@code tensors} as float32, in map order, with string {@code metadata}, replacing {@code file}
     * atomically: the bytes go to a temporary file in the same directory, which is then renamed over it, so a
     * reader (or a crash) sees either the old file or the new one, never a mix. A failed write removes the
     * temporary file and leaves the old one as it was.
     */
    public static void write(Path file, Map<String, Tensor> tensors, Map<String, String> metadata) throws IOException {
        byte[] header = Header.encode(tensors, metadata);
        if (header.length > MAX_HEADER_BYTES) {
            throw new IllegalArgumentException(file + ": the header would take " + header.length
                    + " bytes, more than readers accept (" + MAX_HEADER_BYTES + ")");
        }
        Path target = file.toAbsolutePath();
        Path temporary = target.resolveSibling("." + target.getFileName() + "."
                + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
        FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        try {
            try (channel) {
                ByteBuffer length = ByteBuffer.allocate(Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
                writeFully(channel, length.putLong(0, header.length));
                writeFully(channel, ByteBuffer.wrap(header));
                ByteBuffer chunk = ByteBuffer.allocateDirect(CHUNK_BYTES).order(ByteOrder.LITTLE_ENDIAN);
                for (Tensor tensor : tensors.values()) {
                    writeValues(channel, tensor.toArray(), chunk);
                }
                channel.force(true);
            }
            replace(temporary, target);
        } catch (IOException failure) {
            throw removing(temporary, naming(target, failure));
        } catch (RuntimeException failure) {
            throw removing(temporary, failure);
        } catch (Error failure) {
            throw removing(temporary, failure);
        }
    }

    /** {@code failure}, after deleting the temporary file of a write that failed. */
    private static <T extends Throwable> T removing(Path temporary, T failure) {
        try {
            Files.deleteIfExists(temporary);
        } catch (IOException cleanup) {
            failure.addSuppressed(cleanup);
        }
        return failure;
    }

    /**
     * {@code failure}, or, for an I/O error that does not say which file it is about (a full disk reports only
     * "No space left on device"), one that does.
     */
    private static IOException naming(Path file, IOException failure) {
        if (failure instanceof java.nio.file.FileSystemException || String.valueOf(failure.getMessage()).contains(file.toString())) {
            return failure;
        }
        return new IOException(file + ": " + failure.getMessage(), failure);
    }

    /**
     * Reads every tensor of {@code file} onto the CPU, in header order. The header is checked in full first: a
     * file that breaks the format or holds a dtype jgrad does not load throws {@link SafetensorsFormatException}
     * with the file and the problem in its message, and nothing is returned.
     */
    public static Contents read(Path file) throws IOException {
        if (Files.isDirectory(file)) {
            throw new IOException(file + ": a folder, not a safetensors file");
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long fileSize = channel.size();
            if (fileSize < Long.BYTES) {
                throw new SafetensorsFormatException(file, "the file has " + fileSize
                        + " bytes, too few for the 8-byte header length");
            }
            ByteBuffer prefix = ByteBuffer.allocate(Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
            readFully(file, channel, 0, prefix);
            long headerLength = prefix.getLong(0);
            if (headerLength < 0 || headerLength > MAX_HEADER_BYTES) {
                throw new SafetensorsFormatException(file, "header length " + Long.toUnsignedString(headerLength)
                        + " is over the limit of " + MAX_HEADER_BYTES + " bytes");
            }
            if (headerLength > fileSize - Long.BYTES) {
                throw new SafetensorsFormatException(file, "header length " + headerLength + " runs past the end of"
                        + " the file, which has " + fileSize + " bytes (is it truncated?)");
            }
            ByteBuffer headerBytes = ByteBuffer.allocate((int) headerLength);
            readFully(file, channel, Long.BYTES, headerBytes);
            long dataStart = Long.BYTES + headerLength;
            Header header = Header.parse(file, headerBytes.array(), fileSize - dataStart);
            for (Header.Entry entry : header.entries()) {
                if (!entry.dtype().loadsAsFloat()) {
                    throw new SafetensorsFormatException(file, "tensor '" + entry.name() + "' has dtype "
                            + entry.dtype() + ", which jgrad does not load (it loads F32, and F16, BF16 and F64"
                            + " converted to float)");
                }
            }
            ByteBuffer chunk = ByteBuffer.allocateDirect((int) Math.min(CHUNK_BYTES, Math.max(Long.BYTES,
                    fileSize - dataStart))).order(ByteOrder.LITTLE_ENDIAN);
            Map<String, Tensor> tensors = new LinkedHashMap<>();
            for (Header.Entry entry : header.entries()) {
                float[] values = readValues(file, channel, dataStart + entry.begin(), entry, chunk);
                tensors.put(entry.name(), Tensor.of(values, entry.shape()));
            }
            return new Contents(Collections.unmodifiableMap(tensors), header.metadata());
        } catch (SafetensorsFormatException e) {
            throw e;
        } catch (IOException e) {
            throw naming(file, e);
        }
    }

    private static void replace(Path temporary, Path target) throws IOException {
        try {
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Writes {@code values} as little-endian float32, one chunk at a time, with bulk copies into the buffer. */
    private static void writeValues(FileChannel channel, float[] values, ByteBuffer chunk) throws IOException {
        int perChunk = chunk.capacity() / Float.BYTES;
        for (int done = 0; done < values.length; ) {
            int count = Math.min(perChunk, values.length - done);
            chunk.clear();
            chunk.asFloatBuffer().put(values, done, count);
            chunk.limit(count * Float.BYTES);
            writeFully(channel, chunk);
            done += count;
        }
    }

    private static void writeFully(FileChannel channel, ByteBuffer bytes) throws IOException {
        while (bytes.hasRemaining()) {
            channel.write(bytes);
        }
    }

    /** Reads a tensor's elements, which start at byte {@code start} of the file, converting them to float. */
    private static float[] readValues(Path file, FileChannel channel, long start, Header.Entry entry, ByteBuffer chunk)
            throws IOException {
        int size = entry.dtype().size;
        float[] values = new float[entry.numel()];
        int perChunk = chunk.capacity() / size;
        for (int done = 0; done < values.length; ) {
            int count = Math.min(perChunk, values.length - done);
            chunk.clear().limit(count * size);
            readFully(file, channel, start + (long) done * size, chunk);
            entry.dtype().decode(chunk, values, done, count);
            done += count;
        }
        return values;
    }

    /** Fills {@code into} (from its position 0) with the bytes at {@code position}, then flips it for reading. */
    private static void readFully(Path file, FileChannel channel, long position, ByteBuffer into) throws IOException {
        while (into.hasRemaining()) {
            if (channel.read(into, position + into.position()) < 0) {
                throw new EOFException(file + ": the file ended at byte " + (position + into.position())
                        + " although its header promised more (did it change while being read?)");
            }
        }
        into.flip();
    }
}

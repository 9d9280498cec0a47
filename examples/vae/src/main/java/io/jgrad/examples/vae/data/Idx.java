package io.jgrad.examples.vae.data;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * The contents of one IDX file, the format MNIST and Fashion-MNIST ship in: a big-endian magic number
 * {@code 0x0000TTNN} (TT the element type, NN the number of dimensions), one big-endian int per dimension, then the
 * elements row-major.
 *
 * <p>Only unsigned bytes (type {@code 0x08}) are read, the one type both data sets use. A file may be raw or
 * gzip-compressed; gzip is recognised by its magic bytes {@code 1f 8b} or by a name ending in {@code .gz}.
 *
 * <p>Invariant: {@code data().length} is the product of {@code dims()}, checked while reading; a file with fewer or
 * more bytes is rejected with an {@link IdxFormatException}.
 */
public final class Idx {
    /** Unsigned-byte images: count, rows, columns. */
    public static final int IMAGES_MAGIC = 0x00000803;
    /** Unsigned-byte labels: count. */
    public static final int LABELS_MAGIC = 0x00000801;

    private static final int UNSIGNED_BYTE = 0x08;
    private static final int MAX_ARRAY = Integer.MAX_VALUE - 8;
    private static final int BUFFER = 1 << 16;
    /** Bytes of data read into an array of that size at once (see readData). */
    private static final int FIRST_READ = 1 << 26;

    private final int[] dims;
    private final byte[] data;

    private Idx(int[] dims, byte[] data) {
        this.dims = dims;
        this.data = data;
    }

    /** Reads a file that must hold unsigned-byte images ({@link #IMAGES_MAGIC}). */
    public static Idx readImages(Path file) throws IOException {
        return read(file, IMAGES_MAGIC);
    }

    /** Reads a file that must hold unsigned-byte labels ({@link #LABELS_MAGIC}). */
    public static Idx readLabels(Path file) throws IOException {
        return read(file, LABELS_MAGIC);
    }

    /**
     * Reads a file whose magic number must be {@code expectedMagic}, an unsigned-byte magic such as
     * {@link #IMAGES_MAGIC}.
     */
    public static Idx read(Path file, int expectedMagic) throws IOException {
        if ((expectedMagic >>> 8) != UNSIGNED_BYTE) {
            throw new IllegalArgumentException("only unsigned-byte IDX files are supported, not " + hex(expectedMagic));
        }
        String what = expectedMagic == IMAGES_MAGIC ? "pixels" : expectedMagic == LABELS_MAGIC ? "labels" : "data";
        try (InputStream in = open(file)) {
            int magic = readHeaderInt(in, file, "magic number");
            if (magic != expectedMagic) {
                throw new IdxFormatException(file + ": expected magic number " + hex(expectedMagic) + " ("
                        + describe(expectedMagic) + "), found " + hex(magic) + " (" + describe(magic) + ")");
            }
            int[] dims = new int[expectedMagic & 0xff];
            long count = 1;
            for (int axis = 0; axis < dims.length; axis++) {
                dims[axis] = readHeaderInt(in, file, "dimension " + axis);
                if (dims[axis] < 0) {
                    throw new IdxFormatException(file + ": expected a non-negative size for dimension " + axis
                            + ", found " + dims[axis]);
                }
                count *= dims[axis];
                if (count > MAX_ARRAY) {
                    throw new IdxFormatException(file + ": expected at most " + MAX_ARRAY + " " + what
                            + ", found a header claiming more");
                }
            }
            byte[] data = readData(in, (int) count);
            if (data.length < count) {
                throw new IdxFormatException(file + ": expected " + count + " bytes of " + what
                        + " after the header, found " + data.length);
            }
            if (in.read() != -1) {
                throw new IdxFormatException(file + ": expected " + count + " bytes of " + what
                        + " after the header, found more");
            }
            return new Idx(dims, data);
        }
    }

    /**
     * Up to {@code count} bytes, fewer if the stream ends first. NOTE: read into one array of the header's size, up
     * to {@link #FIRST_READ}, not with {@code readNBytes(count)}, which reads into 8 KiB chunks and then copies them:
     * twice the bytes, and with MNIST's 47 MB the chunks that a collection finds alive are copied by it too. Beyond
     * that size the array grows as the bytes come, so that a header claiming gigabytes over a short file is caught at
     * its end instead of by an OutOfMemoryError.
     */
    static byte[] readData(InputStream in, int count) throws IOException {
        return readData(in, count, FIRST_READ);
    }

    /** As above, with the size of the first array given (for tests: small, so that the array has to grow). */
    static byte[] readData(InputStream in, int count, int firstRead) throws IOException {
        byte[] data = new byte[Math.min(count, Math.max(1, firstRead))];
        int read = in.readNBytes(data, 0, data.length);
        while (read == data.length && read < count) {
            data = Arrays.copyOf(data, (int) Math.min(count, 2L * data.length));
            read += in.readNBytes(data, read, data.length - read);
        }
        return read == data.length ? data : Arrays.copyOf(data, read);
    }

    /**
     * Opens a file for reading its uncompressed bytes: gunzipped when it is gzip, as is otherwise. Damaged gzip data
     * surfaces as an {@link IdxFormatException} naming the file.
     */
    public static InputStream open(Path file) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(file), BUFFER);
        try {
            if (file.getFileName().toString().endsWith(".gz") || startsWithGzipMagic(in)) {
                return new GzipErrorsNameFile(new GZIPInputStream(in, BUFFER), file);
            }
            return in;
        } catch (ZipException | EOFException e) {
            in.close();
            throw new IdxFormatException(file + ": expected gzip data, found " + e.getMessage(), e);
        } catch (IOException e) {
            in.close();
            throw e;
        }
    }

    /** The file {@code dir/name} if it exists, else {@code dir/name.gz} if that exists. */
    public static Optional<Path> find(Path dir, String name) {
        for (Path candidate : new Path[] {dir.resolve(name), dir.resolve(name + ".gz")}) {
            if (Files.isRegularFile(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** A copy of the sizes, e.g. {@code [60000, 28, 28]}. */
    public int[] dims() {
        return dims.clone();
    }

    public int dim(int axis) {
        return dims[axis];
    }

    /** The elements, row-major. Not a copy: the array can be tens of megabytes. */
    public byte[] data() {
        return data;
    }

    private static boolean startsWithGzipMagic(InputStream in) throws IOException {
        in.mark(2);
        int first = in.read();
        int second = in.read();
        in.reset();
        return first == 0x1f && second == 0x8b;
    }

    private static int readHeaderInt(InputStream in, Path file, String field) throws IOException {
        byte[] b = in.readNBytes(4);
        if (b.length < 4) {
            throw new IdxFormatException(file + ": expected 4 bytes of header (" + field + "), found " + b.length);
        }
        return (b[0] & 0xff) << 24 | (b[1] & 0xff) << 16 | (b[2] & 0xff) << 8 | (b[3] & 0xff);
    }

    private static String hex(int value) {
        return String.format("0x%08x", value);
    }

    private static String describe(int magic) {
        if ((magic >>> 16) != 0) {
            return "not an IDX file";
        }
        String type = switch ((magic >>> 8) & 0xff) {
            case 0x08 -> "unsigned bytes";
            case 0x09 -> "signed bytes";
            case 0x0b -> "shorts";
            case 0x0c -> "ints";
            case 0x0d -> "floats";
            case 0x0e -> "doubles";
            default -> "unknown type";
        };
        int rank = magic & 0xff;
        return type + ", " + rank + (rank == 1 ? " dimension" : " dimensions");
    }

    /** Turns the exceptions of damaged gzip data into {@link IdxFormatException}s that name the file. */
    private static final class GzipErrorsNameFile extends FilterInputStream {
        private final Path file;

        GzipErrorsNameFile(InputStream gunzipped, Path file) {
            super(gunzipped);
            this.file = file;
        }

        @Override
        public int read() throws IOException {
            try {
                return super.read();
            } catch (ZipException | EOFException e) {
                throw damaged(e);
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return super.read(b, off, len);
            } catch (ZipException | EOFException e) {
                throw damaged(e);
            }
        }

        private IdxFormatException damaged(IOException e) {
            return new IdxFormatException(file + ": expected intact gzip data, found it corrupt or truncated ("
                    + e.getMessage() + ")", e);
        }
    }
}

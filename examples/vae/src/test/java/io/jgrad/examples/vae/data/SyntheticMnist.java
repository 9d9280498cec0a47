package io.jgrad.examples.vae.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * Tiny stand-ins for the MNIST files, made in memory so tests need neither the network nor the real 55 MB: IDX
 * images whose pixels follow {@link #pixel}, labels {@code i % 10}, gzip and npm-style tarballs of them.
 */
final class SyntheticMnist {
    static final int ROWS = 28;
    static final int COLS = 28;

    private SyntheticMnist() {}

    /** The value of pixel {@code p} of image {@code i}: every value 0..255 occurs, 255 at the last pixel. */
    static int pixel(int i, int p) {
        return p == ROWS * COLS - 1 ? 255 : (i * 31 + p) % 256;
    }

    static byte[] images(int n) {
        ByteBuffer b = ByteBuffer.allocate(16 + n * ROWS * COLS);
        b.putInt(Idx.IMAGES_MAGIC).putInt(n).putInt(ROWS).putInt(COLS);
        for (int i = 0; i < n; i++) {
            for (int p = 0; p < ROWS * COLS; p++) {
                b.put((byte) pixel(i, p));
            }
        }
        return b.array();
    }

    static byte[] labels(int n) {
        ByteBuffer b = ByteBuffer.allocate(8 + n);
        b.putInt(Idx.LABELS_MAGIC).putInt(n);
        for (int i = 0; i < n; i++) {
            b.put((byte) (i % 10));
        }
        return b.array();
    }

    /** The four files of a data set, train with {@code trainSize} images and test with 3, by uncompressed name. */
    static Map<String, byte[]> files(int trainSize) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put(MnistSet.Split.TRAIN.imagesFile(), images(trainSize));
        files.put(MnistSet.Split.TRAIN.labelsFile(), labels(trainSize));
        files.put(MnistSet.Split.TEST.imagesFile(), images(3));
        files.put(MnistSet.Split.TEST.labelsFile(), labels(3));
        return files;
    }

    /** File name to the SHA-256 of its content, the pins for {@code files}. */
    static Map<String, String> pins(Map<String, byte[]> files) {
        Map<String, String> pins = new LinkedHashMap<>();
        files.forEach((name, bytes) -> pins.put(name, sha256(bytes)));
        return pins;
    }

    /** Writes {@code files} into {@code dir}, each gzipped as {@code name.gz} when {@code gzip}. */
    static void write(Path dir, Map<String, byte[]> files, boolean gzip) throws IOException {
        Files.createDirectories(dir);
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            if (gzip) {
                Files.write(dir.resolve(file.getKey() + ".gz"), gzip(file.getValue()));
            } else {
                Files.write(dir.resolve(file.getKey()), file.getValue());
            }
        }
    }

    static byte[] gzip(byte[] data) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static String sha256(byte[] data) {
        return Checksums.hex(Checksums.newSha256().digest(data));
    }

    /** A gzipped ustar archive, like {@code npm pack} writes, with a directory entry and then the given files. */
    static byte[] tgz(Map<String, byte[]> files) {
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        tar.writeBytes(tarHeader("package/", 0, '5'));
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            byte[] data = file.getValue();
            tar.writeBytes(tarHeader(file.getKey(), data.length, '0'));
            tar.writeBytes(data);
            tar.writeBytes(new byte[(512 - data.length % 512) % 512]);
        }
        tar.writeBytes(new byte[1024]);
        return gzip(tar.toByteArray());
    }

    static byte[] tarHeader(String name, long size, char type) {
        byte[] h = new byte[512];
        put(h, 0, name);
        put(h, 100, "0000644");
        put(h, 108, "0000000");
        put(h, 116, "0000000");
        put(h, 124, String.format("%011o", size));
        put(h, 136, "00000000000");
        h[156] = (byte) type;
        put(h, 257, "ustar");
        put(h, 263, "00");
        put(h, 148, "        ");
        int sum = 0;
        for (byte b : h) {
            sum += b & 0xff;
        }
        put(h, 148, String.format("%06o", sum));
        h[154] = 0;
        h[155] = ' ';
        return h;
    }

    private static void put(byte[] header, int offset, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(bytes, 0, header, offset, bytes.length);
    }
}

package io.jgrad.examples.vae.data;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads the regular files of a tar archive in the ustar format that {@code npm pack} writes: each file is a
 * 512-byte header (name, octal size, type, checksum) followed by its bytes, padded to a multiple of 512; two zero
 * blocks end the archive.
 *
 * <p>Directories, links and extended (pax, GNU long-name) headers are skipped, so a path over 100 characters that
 * needs them is not found under its full name. Invariant: the stream stands inside the data of the file
 * {@link #nextFile()} returned last; {@code remaining} bytes of it and then {@code padding} bytes are still to come.
 */
final class TarReader implements Closeable {
    private static final int BLOCK = 512;

    private final InputStream in;
    private long remaining;
    private long padding;

    TarReader(InputStream in) {
        this.in = in;
    }

    /** The path of the next regular file, e.g. {@code package/data/t10k-labels-idx1-ubyte}; {@code null} at the end. */
    String nextFile() throws IOException {
        while (true) {
            in.skipNBytes(remaining + padding);
            remaining = 0;
            padding = 0;
            byte[] header = in.readNBytes(BLOCK);
            if (header.length < BLOCK) {
                throw new IOException("truncated tar: expected a 512-byte header, found " + header.length + " bytes");
            }
            if (isZero(header)) {
                return null;
            }
            checkChecksum(header);
            long size = octal(header, 124, 12);
            remaining = size;
            padding = (BLOCK - size % BLOCK) % BLOCK;
            byte type = header[156];
            if (type == '0' || type == 0) {
                String name = text(header, 0, 100);
                String prefix = isUstar(header) ? text(header, 345, 155) : "";
                return prefix.isEmpty() ? name : prefix + "/" + name;
            }
        }
    }

    /** The bytes of the file {@link #nextFile()} returned last; the stream ends where the file does. */
    InputStream content() {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (remaining == 0) {
                    return -1;
                }
                int n = in.read(b, off, (int) Math.min(len, remaining));
                if (n == -1) {
                    throw new IOException("truncated tar: " + remaining + " bytes of a file missing");
                }
                remaining -= n;
                return n;
            }
        };
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    private static void checkChecksum(byte[] header) throws IOException {
        long sum = 0;
        for (int i = 0; i < BLOCK; i++) {
            sum += (i >= 148 && i < 156) ? ' ' : header[i] & 0xff;
        }
        long stored = octal(header, 148, 8);
        if (sum != stored) {
            throw new IOException("corrupt tar header '" + text(header, 0, 100) + "': expected checksum " + stored
                    + ", found " + sum);
        }
    }

    private static boolean isUstar(byte[] header) {
        return text(header, 257, 6).startsWith("ustar");
    }

    private static boolean isZero(byte[] block) {
        for (byte b : block) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    private static String text(byte[] header, int offset, int length) {
        int end = offset;
        while (end < offset + length && header[end] != 0) {
            end++;
        }
        return new String(header, offset, end - offset, StandardCharsets.UTF_8);
    }

    private static long octal(byte[] header, int offset, int length) throws IOException {
        String digits = text(header, offset, length).trim();
        try {
            return digits.isEmpty() ? 0 : Long.parseLong(digits, 8);
        } catch (NumberFormatException e) {
            throw new IOException("corrupt tar header: expected an octal number, found '" + digits + "'", e);
        }
    }
}

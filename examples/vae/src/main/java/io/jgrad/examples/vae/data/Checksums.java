package io.jgrad.examples.vae.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * SHA-256 pins of data files. A pin is always the hash of the uncompressed bytes, so a file verifies the same
 * whether it lies raw or gzipped ({@code name.gz}); gzip output differs between compressors, the data does not.
 */
final class Checksums {
    private Checksums() {}

    static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime must provide SHA-256", e);
        }
    }

    static String hex(byte[] digest) {
        return HexFormat.of().formatHex(digest);
    }

    /** The SHA-256, in lower-case hex, of the file's uncompressed content (gunzipped when it is gzip). */
    static String sha256OfContent(Path file) throws IOException {
        try (InputStream in = Idx.open(file)) {
            return sha256(in);
        }
    }

    /** The SHA-256, in lower-case hex, of the file's bytes as they are. */
    static String sha256OfFile(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return sha256(in);
        }
    }

    private static String sha256(InputStream in) throws IOException {
        MessageDigest sha = newSha256();
        byte[] buffer = new byte[1 << 16];
        for (int n; (n = in.read(buffer)) != -1; ) {
            sha.update(buffer, 0, n);
        }
        return hex(sha.digest());
    }

    static String mismatch(String what, String expected, String actual) {
        return what + ": SHA-256 mismatch, expected " + expected + ", found " + actual;
    }

    /**
     * Checks that {@code dir} holds every pinned file, raw or gzipped, with its pinned content. Only reads: a file
     * that fails is reported, not deleted, since the directory belongs to the user or to a system package.
     *
     * @param hint the last line of the error, telling the user how to get the files
     * @throws IOException listing every missing or mismatching file
     */
    static void verifyDirectory(Path dir, Map<String, String> pins, String hint) throws IOException {
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, String> pin : pins.entrySet()) {
            String name = pin.getKey();
            Optional<Path> file = Idx.find(dir, name);
            if (file.isEmpty()) {
                problems.add(name + ": missing (expected " + name + " or " + name + ".gz)");
                continue;
            }
            String actual = sha256OfContent(file.get());
            if (!actual.equals(pin.getValue())) {
                problems.add(mismatch(file.get().toString(), pin.getValue(), actual));
            }
        }
        if (!problems.isEmpty()) {
            throw new IOException(dir + " does not hold the expected data files:\n  " + String.join("\n  ", problems)
                    + "\n" + hint);
        }
    }
}

package io.jgrad.examples.notebook;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A few hundred MNIST-like IDX files for running the notebooks quickly, in tests and in CI's nbconvert run:
 * image {@code i} shows digit {@code i % 10} as a vertical bar whose column depends on the digit, over faint noise,
 * so the labels the notebooks look for (a 3, an 8) exist and the pictures are not blank.
 *
 * <p>{@code java -cp target/test-classes io.jgrad.examples.notebook.SyntheticMnist DIR} writes them into DIR.
 */
public final class SyntheticMnist {
    static final int TRAIN = 600;
    static final int TEST = 100;
    static final int SIDE = 28;

    private SyntheticMnist() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: SyntheticMnist DIR");
            System.exit(2);
        }
        write(Path.of(args[0]));
    }

    /** The four files, raw, under MNIST's names. */
    static void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.write(dir.resolve("train-images-idx3-ubyte"), images(TRAIN, 1));
        Files.write(dir.resolve("train-labels-idx1-ubyte"), labels(TRAIN));
        Files.write(dir.resolve("t10k-images-idx3-ubyte"), images(TEST, 2));
        Files.write(dir.resolve("t10k-labels-idx1-ubyte"), labels(TEST));
    }

    static byte[] images(int n, long seed) {
        ByteBuffer b = ByteBuffer.allocate(16 + n * SIDE * SIDE);
        b.putInt(0x00000803).putInt(n).putInt(SIDE).putInt(SIDE);   // IDX magic: unsigned bytes, 3 dimensions
        long state = seed;
        for (int i = 0; i < n; i++) {
            int bar = 4 + 2 * (i % 10);
            for (int row = 0; row < SIDE; row++) {
                for (int column = 0; column < SIDE; column++) {
                    state = state * 6364136223846793005L + 1442695040888963407L;    // Knuth's MMIX LCG
                    int noise = (int) ((state >>> 33) % 40);
                    boolean ink = row >= 4 && row < 24 && Math.abs(column - bar) <= 1;
                    b.put((byte) (ink ? 255 - noise : noise));
                }
            }
        }
        return b.array();
    }

    static byte[] labels(int n) {
        ByteBuffer b = ByteBuffer.allocate(8 + n);
        b.putInt(0x00000801).putInt(n);                              // IDX magic: unsigned bytes, 1 dimension
        for (int i = 0; i < n; i++) {
            b.put((byte) (i % 10));
        }
        return b.array();
    }
}

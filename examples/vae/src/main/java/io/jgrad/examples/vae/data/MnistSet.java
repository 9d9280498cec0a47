package io.jgrad.examples.vae.data;

import io.jgrad.core.Backend;
import io.jgrad.core.Tensor;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * One split of MNIST or Fashion-MNIST in memory: {@code size()} grayscale images of {@code rows() x cols()} pixels
 * and one label per image.
 *
 * <p>Pixels stay bytes (0..255), 784 bytes per image, so the 60,000 training images cost 47 MB instead of the
 * 188 MB they would as floats. {@link #batches} walks the set in batches, and each {@link Batch} turns only its own
 * images into floats in [0, 1].
 *
 * <p>Invariant: {@code pixels.length == size() * imageSize()} and {@code labels.length == size()}. Immutable.
 */
public final class MnistSet {
    /** Which half of the data set: the files of each are {@code <prefix>-images-idx3-ubyte} and so on. */
    public enum Split {
        TRAIN("train"),
        TEST("t10k");

        private final String prefix;

        Split(String prefix) {
            this.prefix = prefix;
        }

        public String imagesFile() {
            return prefix + "-images-idx3-ubyte";
        }

        public String labelsFile() {
            return prefix + "-labels-idx1-ubyte";
        }
    }

    /** copyBatch's vectors: as many floats as the CPU's widest vector holds, and as many bytes and ints. */
    private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Byte> BYTES =
            VectorSpecies.of(byte.class, VectorShape.forBitSize(8 * FLOATS.length()));
    private static final VectorSpecies<Integer> INTS = VectorSpecies.of(int.class, FLOATS.vectorShape());

    private final byte[] pixels;
    private final byte[] labels;
    private final int rows;
    private final int cols;

    /**
     * Wraps, without copying, {@code labels.length} images of {@code rows x cols} pixels stored one after another,
     * row-major, in {@code pixels}.
     */
    public MnistSet(byte[] pixels, byte[] labels, int rows, int cols) {
        if (rows <= 0 || cols <= 0) {
            throw new IllegalArgumentException("images must be at least 1x1 pixel, not " + rows + "x" + cols);
        }
        if ((long) labels.length * rows * cols != pixels.length) {
            throw new IllegalArgumentException(labels.length + " labels need " + (long) labels.length * rows * cols
                    + " pixels of " + rows + "x" + cols + " images, found " + pixels.length);
        }
        this.pixels = pixels;
        this.labels = labels;
        this.rows = rows;
        this.cols = cols;
    }

    /**
     * Loads one split from {@code dir}, which holds the four files of the data set under their usual names, raw or
     * with {@code .gz} added.
     */
    public static MnistSet load(Path dir, Split split) throws IOException {
        return read(locate(dir, split.imagesFile()), locate(dir, split.labelsFile()));
    }

    /** Reads an images file and its labels file; their counts must agree. */
    public static MnistSet read(Path imagesFile, Path labelsFile) throws IOException {
        Idx images = Idx.readImages(imagesFile);
        Idx labels = Idx.readLabels(labelsFile);
        if (images.dim(0) != labels.dim(0)) {
            throw new IdxFormatException("expected as many labels as images, found " + images.dim(0) + " images in "
                    + imagesFile + " but " + labels.dim(0) + " labels in " + labelsFile);
        }
        return new MnistSet(images.data(), labels.data(), images.dim(1), images.dim(2));
    }

    /** The first {@code n} images and their labels (for {@code --limit N}); all of them when {@code n >= size()}. */
    public MnistSet limit(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("limit must be >= 0, not " + n);
        }
        if (n >= size()) {
            return this;
        }
        return new MnistSet(Arrays.copyOf(pixels, n * imageSize()), Arrays.copyOf(labels, n), rows, cols);
    }

    public int size() {
        return labels.length;
    }

    public int rows() {
        return rows;
    }

    public int cols() {
        return cols;
    }

    /** Pixels per image: {@code rows() * cols()}, 784 for MNIST. */
    public int imageSize() {
        return rows * cols;
    }

    /** The class of image {@code i}, 0..9 for MNIST. */
    public int label(int i) {
        return labels[i] & 0xff;
    }

    /**
     * The images {@code order[0], order[1], ...} in batches of {@code size} (the last one may be smaller); each
     * {@link Batch} turns its images into floats only when asked for them.
     */
    public List<Batch> batches(int[] order, int size) {
        if (size < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, got " + size);
        }
        List<Batch> batches = new ArrayList<>();
        for (int from = 0; from < order.length; from += size) {
            batches.add(new Batch(this, order, batches.size(), from, Math.min(size, order.length - from)));
        }
        return batches;
    }

    /** The images {@code order} as one {@code [order.length, image]} tensor of pixels in [0, 1]. */
    public Tensor images(int[] order, Backend backend) {
        return new Batch(this, order, 0, 0, order.length).images(backend);
    }

    /** {@code 0, 1, ..., n-1}: the order of the files. */
    public static int[] inOrder(int n) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        return order;
    }

    /** The index of the first image with {@code label}. */
    public int firstWithLabel(int label) {
        for (int i = 0; i < size(); i++) {
            if (label(i) == label) {
                return i;
            }
        }
        throw new IllegalArgumentException("no image with label " + label + " in the data set");
    }

    /** {@link #copyBatch(int[], int, int, float[], int)} from {@code out[0]} on. */
    public void copyBatch(int[] order, int from, int count, float[] out) {
        copyBatch(order, from, count, out, 0);
    }

    /**
     * Writes images {@code order[from]}, ..., {@code order[from + count - 1]} into {@code out} from {@code at} on, as
     * floats {@code pixel / 255f} in [0, 1], one image of {@link #imageSize()} floats after another, each row-major.
     * The rest of {@code out} is left alone, so threads may fill disjoint parts of one array at once.
     */
    public void copyBatch(int[] order, int from, int count, float[] out, int at) {
        int size = imageSize();
        if (from < 0 || count < 0 || from + count > order.length) {
            throw new IndexOutOfBoundsException("batch [" + from + ", " + (from + count) + ") of an order of length "
                    + order.length);
        }
        if (at < 0 || at + (long) count * size > out.length) {
            throw new IllegalArgumentException(count + " images from position " + at + " need "
                    + (at + (long) count * size) + " floats, out has " + out.length);
        }
        for (int b = 0; b < count; b++) {
            int image = order[from + b];
            if (image < 0 || image >= size()) {
                throw new IndexOutOfBoundsException("image " + image + " of a set of " + size());
            }
            int src = image * size;
            int dst = at + b * size;
            int p = 0;
            // NOTE: a batch's 200,000 pixels, one at a time, took about 160 us, 4% of a training step; 16 at a time
            // (bytes widened to ints, the sign bits masked off, converted, divided: the same bits as the loop below)
            // about 60 us.
            for (int whole = FLOATS.loopBound(size); p < whole; p += FLOATS.length()) {
                ByteVector.fromArray(BYTES, pixels, src + p)
                        .convertShape(VectorOperators.B2I, INTS, 0).reinterpretAsInts().and(0xff)
                        .convert(VectorOperators.I2F, 0).reinterpretAsFloats().div(255f)
                        .intoArray(out, dst + p);
            }
            for (; p < size; p++) {
                out[dst + p] = (pixels[src + p] & 0xff) / 255f;
            }
        }
    }

    private static Path locate(Path dir, String name) throws IOException {
        return Idx.find(dir, name).orElseThrow(() -> new NoSuchFileException(
                dir.resolve(name).toString(), null, "expected " + name + " or " + name + ".gz in " + dir));
    }
}

package io.jgrad.examples.vae.train;

import io.jgrad.core.DefaultBackend;
import io.jgrad.core.Backend;
import io.jgrad.core.Rng;
import io.jgrad.core.Tensor;
import io.jgrad.examples.vae.data.MnistSet;
import io.jgrad.examples.vae.model.LatentModel;
import io.jgrad.examples.vae.pictures.AtomicFiles;
import io.jgrad.examples.vae.pictures.DigitGrid;
import io.jgrad.examples.vae.pictures.LossPlot;
import io.jgrad.examples.vae.pictures.Tsne;
import io.jgrad.examples.vae.pictures.TsnePlot;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The files a run leaves behind: the loss history as CSV and plot, and the pictures of what the model learnt. */
public final class Outputs {
    private static final int SIDE = 28;
    private static final int SCALE = 2;

    private Outputs() {
    }

    /** {@code losses.csv} (epoch, train, test; no train loss at epoch 0) and {@code losses.png}. */
    public static void writeLosses(Path dir, List<Double> train, List<Double> test) throws IOException {
        // NOTE: Locale.ROOT, or a German default locale writes 108,0852 into a comma-separated table.
        StringBuilder csv = new StringBuilder("epoch,train,test\n");
        int offset = test.size() - train.size();
        for (int i = 0; i < test.size(); i++) {
            int trainIndex = i - offset;
            csv.append(i).append(',').append(trainIndex >= 0 ? decimal(train.get(trainIndex)) : "")
                    .append(',').append(decimal(test.get(i))).append('\n');
        }
        AtomicFiles.writeString(dir.resolve("losses.csv"), csv.toString());
        LossPlot.write(dir.resolve("losses.png"), toArray(train), toArray(test));
    }

    private static String decimal(double loss) {
        return String.format(Locale.ROOT, "%.4f", loss);
    }

    /** Every picture of a finished run. */
    static void writePictures(Path dir, LatentModel model, MnistSet test, Map<String, Tensor> snapshots, int[] tsneImages,
                              long seed, Backend backend, PrintStream log) throws IOException {
        reconstructions(dir.resolve("reconstructions.png"), model, test, 16, backend);
        samples(dir.resolve("samples.png"), model, 16, seed, backend);
        interpolation(dir.resolve("interpolation.png"), model, test, 3, 8, 16, backend);
        int[] labels = new int[tsneImages.length];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = test.label(tsneImages[i]);
        }
        List<TsnePlot.Panel> panels = new ArrayList<>();
        for (var snapshot : snapshots.entrySet()) {
            log.printf("t-SNE of %d latent means at epoch %s%n", labels.length, snapshot.getKey());
            Tensor embedding = Tsne.withSeed(seed).embed(snapshot.getValue().to(DefaultBackend.get()));
            panels.add(TsnePlot.Panel.of("epoch " + snapshot.getKey(), embedding, labels));
        }
        TsnePlot.write(dir.resolve("latent-tsne.png"), panels);
    }

    /** The first {@code count} test digits in one row, their reconstructions (z = mu) in the row below. */
    public static void reconstructions(Path file, LatentModel model, MnistSet test, int count, Backend backend)
            throws IOException {
        int[] order = MnistSet.inOrder(Math.min(count, test.size()));
        float[] originals = new float[order.length * test.imageSize()];
        test.copyBatch(order, 0, order.length, originals);
        float[] decoded = Evaluation.reconstruct(model, test, order, backend).toArray();
        int columns = Math.min(order.length, 16);
        DigitGrid.write(file, DigitGrid.interleaveRows(originals, decoded, order.length, SIDE, columns),
                2 * order.length, SIDE, columns, SCALE);
    }

    /** {@code count} decodings of z ~ N(0, I). */
    public static void samples(Path file, LatentModel model, int count, long seed, Backend backend) throws IOException {
        Rng rng = new Rng(seed);
        Tensor z = Tensor.of(backend, rng.normal(count * model.latent(), 0f, 1f), count, model.latent());
        DigitGrid.write(file, Evaluation.decode(model, z).toArray(), count, SIDE, Math.min(count, 8), SCALE);
    }

    /**
     * {@code steps} decodings of z = (1 - t) z_from + t z_to for t evenly spaced in [0, 1], where z_from and z_to are
     * the codes (z = mu) of the first test images of the two digits.
     */
    public static void interpolation(Path file, LatentModel model, MnistSet test, int fromDigit, int toDigit, int steps,
                                     Backend backend) throws IOException {
        int[] ends = {test.firstWithLabel(fromDigit), test.firstWithLabel(toDigit)};
        Tensor mu = Evaluation.means(model, test, ends, backend);     // [2, latent]
        Tensor t = Tensor.of(backend, linspace(steps), steps, 1);      // [steps, 1]
        Tensor z = mu.select(0, 0).unsqueeze(0).mul(t.neg().add(1f)).add(mu.select(0, 1).unsqueeze(0).mul(t));
        DigitGrid.write(file, Evaluation.decode(model, z).toArray(), steps, SIDE, steps, SCALE);
    }

    private static float[] linspace(int steps) {
        float[] t = new float[steps];
        for (int i = 0; i < steps; i++) {
            t[i] = (float) i / (steps - 1);
        }
        return t;
    }

    private static double[] toArray(List<Double> values) {
        double[] out = new double[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i);
        }
        return out;
    }
}

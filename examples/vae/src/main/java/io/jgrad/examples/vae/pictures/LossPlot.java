package io.jgrad.examples.vae.pictures;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The learning curve: mean loss per image against epoch, one line for the training set and one for the test set,
 * as an 800x500 PNG drawn by XChart.
 *
 * <p>Invariant on the epochs: the test loss is measured before training too, so {@code testByEpoch[e]} is the loss
 * after {@code e} epochs and its line starts at epoch 0; the training loss is the mean over an epoch's batches, so
 * {@code trainByEpoch[e]} belongs to epoch {@code e + 1} and its line starts at epoch 1.
 */
public final class LossPlot {
    static {
        System.setProperty("java.awt.headless", "true");
    }

    public static final int WIDTH = 800;
    public static final int HEIGHT = 500;

    private static final Color TRAIN_COLOR = new Color(31, 119, 180);
    private static final Color TEST_COLOR = new Color(255, 127, 14);

    private LossPlot() {
    }

    /**
     * Writes the chart of {@link #chart} to {@code png}.
     *
     * @param trainByEpoch mean training loss per image; index 0 is epoch 1
     * @param testByEpoch mean test loss per image; index 0 is epoch 0, before any training
     */
    public static void write(Path png, double[] trainByEpoch, double[] testByEpoch) throws IOException {
        AtomicFiles.writePng(png, BitmapEncoder.getBufferedImage(chart(trainByEpoch, testByEpoch)));
    }

    /** The chart itself, for callers that want to show or restyle it; either series may be empty, not both. */
    public static XYChart chart(double[] trainByEpoch, double[] testByEpoch) {
        if (trainByEpoch.length == 0 && testByEpoch.length == 0) {
            throw new IllegalArgumentException("LossPlot: no losses to plot");
        }
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT)
                .title("VAE loss per epoch")
                .xAxisTitle("epoch")
                .yAxisTitle("mean loss per image (reconstruction + KL)")
                .build();
        chart.getStyler()
                .setLegendPosition(Styler.LegendPosition.InsideNE)
                .setMarkerSize(6)
                .setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setXAxisDecimalPattern("#");
        addSeries(chart, "train", trainByEpoch, 1, TRAIN_COLOR);
        addSeries(chart, "test", testByEpoch, 0, TEST_COLOR);
        return chart;
    }

    /** One line with {@code losses[i]} at epoch {@code firstEpoch + i}; XChart cannot draw an empty series. */
    private static void addSeries(XYChart chart, String name, double[] losses, int firstEpoch, Color color) {
        if (losses.length == 0) {
            return;
        }
        double[] epochs = new double[losses.length];
        for (int i = 0; i < losses.length; i++) {
            epochs[i] = firstEpoch + i;
        }
        XYSeries series = chart.addSeries(name, epochs, losses);
        series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        series.setMarker(SeriesMarkers.CIRCLE);
        series.setLineColor(color);
        series.setMarkerColor(color);
    }
}

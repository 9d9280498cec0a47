package io.jgrad.examples.vae.pictures;

import io.jgrad.core.Tensor;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Side-by-side scatter plots of 2-D embeddings (t-SNE of the latent means, one panel per snapshot such as epochs
 * 0, 5 and 10), each point coloured by its digit, combined into one PNG (latent-tsne.png).
 *
 * <p>Invariant: digit {@code d} is always drawn in {@code PALETTE[d]} and named {@code "d"} in the legend, in every
 * panel, so colours can be compared across panels; the legend is drawn once, beside the last panel.
 */
public final class TsnePlot {
    static {
        System.setProperty("java.awt.headless", "true");
    }

    /** Matplotlib's "tab10" palette: ten colours chosen to stay distinct from one another. */
    public static final List<Color> PALETTE = List.of(
            new Color(31, 119, 180), new Color(255, 127, 14), new Color(44, 160, 44), new Color(214, 39, 40),
            new Color(148, 103, 189), new Color(140, 86, 75), new Color(227, 119, 194), new Color(127, 127, 127),
            new Color(188, 189, 34), new Color(23, 190, 207));

    /** Width and height of one panel's chart, in pixels. */
    public static final int PANEL_SIZE = 460;
    /** Extra width the last panel gets for the legend. */
    public static final int LEGEND_WIDTH = 60;
    public static final int MARKER_SIZE = 4;

    private TsnePlot() {
    }

    /**
     * One snapshot: {@code points[i] = {x, y}} is drawn in the colour of digit {@code labels[i]} (0-9).
     * The arrays are held, not copied.
     */
    public record Panel(String title, double[][] points, int[] labels) {
        public Panel {
            if (points.length != labels.length) {
                throw new IllegalArgumentException("Panel '" + title + "': " + points.length + " points but "
                        + labels.length + " labels");
            }
            for (int i = 0; i < points.length; i++) {
                if (points[i].length != 2) {
                    throw new IllegalArgumentException("Panel '" + title + "': point " + i + " has "
                            + points[i].length + " coordinates, not 2");
                }
                if (labels[i] < 0 || labels[i] >= PALETTE.size()) {
                    throw new IllegalArgumentException("Panel '" + title + "': label " + labels[i] + " of point " + i
                            + " is not a digit 0-9");
                }
            }
        }

        /** A panel from an embedding tensor of shape {@code [n, 2]}. */
        public static Panel of(String title, Tensor embedding, int[] labels) {
            if (embedding.rank() != 2 || embedding.size(1) != 2) {
                throw new IllegalArgumentException("Panel '" + title + "': expects an embedding of shape [n, 2], got "
                        + embedding.shape());
            }
            float[] values = embedding.toArray();
            double[][] points = new double[embedding.size(0)][];
            for (int i = 0; i < points.length; i++) {
                points[i] = new double[] {values[2 * i], values[2 * i + 1]};
            }
            return new Panel(title, points, labels);
        }
    }

    /** Writes the panels, left to right, as one PNG. */
    public static void write(Path png, List<Panel> panels) throws IOException {
        AtomicFiles.writePng(png, render(panels));
    }

    /** The panels drawn left to right onto one white image, {@code PANEL_SIZE} high. */
    public static BufferedImage render(List<Panel> panels) {
        if (panels.isEmpty()) {
            throw new IllegalArgumentException("TsnePlot: no panels to draw");
        }
        List<BufferedImage> images = new ArrayList<>();
        for (int k = 0; k < panels.size(); k++) {
            boolean last = k == panels.size() - 1;
            images.add(BitmapEncoder.getBufferedImage(chart(panels.get(k), last)));
        }
        int width = images.stream().mapToInt(BufferedImage::getWidth).sum();
        int height = images.stream().mapToInt(BufferedImage::getHeight).max().orElseThrow();
        BufferedImage combined = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = combined.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            int left = 0;
            for (BufferedImage image : images) {
                g.drawImage(image, left, 0, null);
                left += image.getWidth();
            }
        } finally {
            g.dispose();
        }
        return combined;
    }

    /** One panel's scatter chart: a series per digit present, its legend only when asked for. */
    static XYChart chart(Panel panel, boolean withLegend) {
        XYChart chart = new XYChartBuilder().width(PANEL_SIZE + (withLegend ? LEGEND_WIDTH : 0)).height(PANEL_SIZE)
                .title(panel.title()).build();
        chart.getStyler()
                .setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter)
                .setAxisTicksVisible(false)
                .setPlotGridLinesVisible(false)
                .setChartBackgroundColor(Color.WHITE)
                .setLegendVisible(withLegend)
                .setLegendPosition(Styler.LegendPosition.OutsideE)
                .setMarkerSize(MARKER_SIZE);
        for (int digit = 0; digit < PALETTE.size(); digit++) {
            List<Double> xs = new ArrayList<>();
            List<Double> ys = new ArrayList<>();
            for (int i = 0; i < panel.labels().length; i++) {
                if (panel.labels()[i] == digit) {
                    xs.add(panel.points()[i][0]);
                    ys.add(panel.points()[i][1]);
                }
            }
            if (!xs.isEmpty()) {
                XYSeries series = chart.addSeries(Integer.toString(digit), xs, ys);
                series.setMarker(SeriesMarkers.CIRCLE);
                series.setMarkerColor(PALETTE.get(digit));
            }
        }
        return chart;
    }
}

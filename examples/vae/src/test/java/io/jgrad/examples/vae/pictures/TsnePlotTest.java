package io.jgrad.examples.vae.pictures;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jgrad.core.Rng;
import io.jgrad.core.Tensor;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TsnePlotTest {
    @TempDir
    Path directory;

    private static TsnePlot.Panel randomPanel(String title, long seed) {
        int n = 50;
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 10;
        }
        return TsnePlot.Panel.of(title, Tensor.normal(new Rng(seed), 0f, 1f, n, 2), labels);
    }

    @Test
    void writesOnePanelPerSnapshotSideBySideWithRoomForTheLegend() throws IOException {
        Path file = directory.resolve("latent-tsne.png");
        TsnePlot.write(file, List.of(randomPanel("epoch 0", 1), randomPanel("epoch 5", 2), randomPanel("epoch 10", 3)));

        BufferedImage image = ImageIO.read(file.toFile());
        assertNotNull(image, "ImageIO can decode the file");
        assertEquals(3 * TsnePlot.PANEL_SIZE + TsnePlot.LEGEND_WIDTH, image.getWidth());
        assertEquals(TsnePlot.PANEL_SIZE, image.getHeight());
    }

    @Test
    void aPanelFromATensorKeepsEachPointsCoordinates() {
        Tensor embedding = Tensor.of(new float[] {1, 2, 3, 4}, 2, 2);
        TsnePlot.Panel panel = TsnePlot.Panel.of("epoch 1", embedding, new int[] {0, 9});

        assertArrayEquals(new double[] {3, 4}, panel.points()[1]);
    }

    @Test
    void rejectsLabelsThatAreNotDigitsAndEmbeddingsThatAreNotPlanar() {
        assertThrows(IllegalArgumentException.class,
                () -> TsnePlot.Panel.of("bad", Tensor.zeros(2, 2), new int[] {0, 10}));
        assertThrows(IllegalArgumentException.class,
                () -> TsnePlot.Panel.of("bad", Tensor.zeros(2, 3), new int[] {0, 1}));
        assertThrows(IllegalArgumentException.class, () -> TsnePlot.render(List.of()));
    }
}

package io.jgrad.examples.vae.pictures;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LossPlotTest {
    @TempDir
    Path directory;

    @Test
    void writesAReadablePngOfTheChartSize() throws IOException {
        Path file = directory.resolve("loss.png");
        LossPlot.write(file, new double[] {180, 125, 115}, new double[] {545, 130, 118, 112});

        BufferedImage image = ImageIO.read(file.toFile());
        assertNotNull(image, "ImageIO can decode the file");
        assertEquals(LossPlot.WIDTH, image.getWidth());
        assertEquals(LossPlot.HEIGHT, image.getHeight());
        try (Stream<Path> files = Files.list(directory)) {
            assertEquals(List.of(file), files.toList(), "no temporary file is left behind");
        }
    }

    @Test
    void drawsTheTestLossAloneBeforeTheFirstEpoch() throws IOException {
        Path file = directory.resolve("loss.png");
        LossPlot.write(file, new double[0], new double[] {545});

        assertNotNull(ImageIO.read(file.toFile()));
    }

    @Test
    void refusesToDrawNothing() {
        assertThrows(IllegalArgumentException.class, () -> LossPlot.chart(new double[0], new double[0]));
    }
}

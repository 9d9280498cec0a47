package io.jgrad.examples.notebook.display;

import io.jgrad.core.Tensor;
import java.awt.image.RenderedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.internal.chartpart.Chart;

/**
 * Turns a value into a Jupyter MIME bundle, the richest form first: an image ({@link RenderedImage}) or an XChart
 * chart becomes {@code image/png}; a {@link Tensor} small enough to read becomes an HTML table ({@link TensorTable})
 * beside its {@code toString}; anything else is {@code text/plain}. Every bundle has {@code text/plain}, which is
 * what a client without the richer types shows.
 */
final class Renderers {
    static {
        System.setProperty("java.awt.headless", "true");
    }

    private Renderers() {
    }

    /** MIME type to bytes, in the order a client should prefer them. */
    static Map<String, byte[]> bundle(Object value) {
        Map<String, byte[]> bundle = new LinkedHashMap<>();
        if (value instanceof Chart<?, ?> chart) {
            value = BitmapEncoder.getBufferedImage(chart);
        }
        if (value instanceof RenderedImage image) {
            bundle.put("image/png", png(image));
            bundle.put("text/plain", utf8(image.getWidth() + "x" + image.getHeight() + " image"));
        } else if (value instanceof Tensor tensor) {
            if (TensorTable.fits(tensor)) {
                bundle.put("text/html", utf8(TensorTable.html(tensor)));
            }
            bundle.put("text/plain", utf8(tensor.toString()));
        } else {
            bundle.put("text/plain", utf8(text(value)));
        }
        return bundle;
    }

    /** The value as text: arrays show their elements (not {@code [F@1b6d3586}), everything else its toString. */
    static String text(Object value) {
        if (value instanceof Object[] objects) {
            return Arrays.deepToString(objects);
        } else if (value instanceof float[] floats) {
            return Arrays.toString(floats);
        } else if (value instanceof double[] doubles) {
            return Arrays.toString(doubles);
        } else if (value instanceof int[] ints) {
            return Arrays.toString(ints);
        } else if (value instanceof long[] longs) {
            return Arrays.toString(longs);
        } else if (value instanceof byte[] bytes) {
            return Arrays.toString(bytes);
        } else if (value instanceof boolean[] booleans) {
            return Arrays.toString(booleans);
        }
        return String.valueOf(value);
    }

    /** The image as a PNG at the strongest compression, so that notebooks with pictures stay small. */
    static byte[] png(RenderedImage image) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(0f);      // NOTE: quality 0 is the PNG writer's deflate level 9
            writer.setOutput(out);
            writer.write(null, new IIOImage(image, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException("could not encode the image as PNG", e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}

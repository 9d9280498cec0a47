package io.jgrad.examples.vae.data;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The data sets the VAE example can train on, with the SHA-256 pins of their four uncompressed files. Both use the
 * same file names and IDX layout: 28x28 grayscale images, labels 0..9.
 */
public enum DatasetKind {
    MNIST("mnist", pins(
            "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
            "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
            "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
            "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2")),
    /** Zalando's clothing images, as packaged by Debian's {@code dataset-fashion-mnist}. */
    FASHION_MNIST("fashion-mnist", pins(
            "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888",
            "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9",
            "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b",
            "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34"));

    /** Pixels per image of both data sets: 28 x 28. */
    public static final int IMAGE_SIZE = 28 * 28;
    /** Images in both data sets, training and test splits together. */
    public static final int IMAGES = 60_000 + 10_000;

    private final String cliName;
    private final Map<String, String> sha256ByFile;

    DatasetKind(String cliName, Map<String, String> sha256ByFile) {
        this.cliName = cliName;
        this.sha256ByFile = sha256ByFile;
    }

    /** The name {@code --dataset} takes: {@code mnist} or {@code fashion-mnist}. */
    public String cliName() {
        return cliName;
    }

    /**
     * Uncompressed file name to the SHA-256 of its content, in the order train images, train labels, test images,
     * test labels.
     */
    public Map<String, String> sha256ByFile() {
        return sha256ByFile;
    }

    /** The kind whose {@link #cliName()} is {@code name}; the error lists the valid names. */
    public static DatasetKind fromCliName(String name) {
        for (DatasetKind kind : values()) {
            if (kind.cliName.equals(name)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown dataset '" + name + "', expected one of "
                + Arrays.stream(values()).map(DatasetKind::cliName).collect(Collectors.joining(", ")));
    }

    @Override
    public String toString() {
        return cliName;
    }

    private static Map<String, String> pins(String trainImages, String trainLabels, String testImages,
            String testLabels) {
        Map<String, String> pins = new LinkedHashMap<>();
        pins.put(MnistSet.Split.TRAIN.imagesFile(), trainImages);
        pins.put(MnistSet.Split.TRAIN.labelsFile(), trainLabels);
        pins.put(MnistSet.Split.TEST.imagesFile(), testImages);
        pins.put(MnistSet.Split.TEST.labelsFile(), testLabels);
        return Collections.unmodifiableMap(pins);
    }
}

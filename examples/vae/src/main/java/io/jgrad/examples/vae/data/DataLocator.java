package io.jgrad.examples.vae.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Turns the CLI's {@code --dataset} and {@code --data DIR} into a directory whose four data files are verified
 * against their pins, ready for {@link MnistSet#load}.
 *
 * <ul>
 *   <li>{@code --data DIR}: the files must already be in DIR (raw or {@code .gz}); nothing is downloaded.
 *   <li>MNIST: {@link MnistFetcher} fills {@link MnistFetcher#defaultCacheDir()} on first use.
 *   <li>Fashion-MNIST: the files of Debian's {@code dataset-fashion-mnist} in {@link #FASHION_MNIST_DIR}.
 * </ul>
 */
public final class DataLocator {
    /** Where Debian's {@code dataset-fashion-mnist} installs its four {@code .gz} files. */
    public static final Path FASHION_MNIST_DIR = Path.of("/usr/share/datasets/fashion-mnist");

    private DataLocator() {}

    /**
     * The verified directory of {@code kind}.
     *
     * @param dataDir the {@code --data} directory, or {@code null} when the option was not given
     * @param log receives progress messages, one line each
     */
    public static Path locate(DatasetKind kind, Path dataDir, Consumer<String> log) throws IOException {
        if (dataDir != null) {
            return useExisting(dataDir, kind.sha256ByFile(), "--data " + dataDir + " must hold the four " + kind
                    + " files; leave out --data to use the default location");
        }
        return switch (kind) {
            case MNIST -> new MnistFetcher(log).fetch(MnistFetcher.defaultCacheDir());
            case FASHION_MNIST -> useExisting(FASHION_MNIST_DIR, kind.sha256ByFile(),
                    "install them with: apt-get install dataset-fashion-mnist (or pass --data DIR)");
        };
    }

    /**
     * {@code dir}, once every pinned file in it, raw or gzipped, is verified; otherwise an error that lists the
     * missing and mismatching files and ends with {@code hint}. Never downloads, never deletes.
     */
    public static Path useExisting(Path dir, Map<String, String> pins, String hint) throws IOException {
        Checksums.verifyDirectory(dir, pins, hint);
        return dir;
    }
}

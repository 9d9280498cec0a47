package io.jgrad.examples.vae;

import io.jgrad.core.Backend;
import io.jgrad.examples.vae.data.DataLocator;
import io.jgrad.examples.vae.data.DatasetKind;
import io.jgrad.examples.vae.data.MnistSet;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options every command shares: where the data is, which data set, and which device computes. */
final class Common {
    @Option(names = "--data", paramLabel = "DIR",
            description = "Use the IDX files already in DIR (raw or .gz; verified, never downloaded).")
    Path data;

    @Option(names = "--dataset", paramLabel = "NAME", defaultValue = "mnist",
            description = "mnist or fashion-mnist (default: ${DEFAULT-VALUE}). MNIST is fetched and cached in "
                    + "~/.cache/jgrad/mnist; Fashion-MNIST comes from Debian's dataset-fashion-mnist.")
    String dataset;

    @Option(names = "--device", paramLabel = "DEVICE", defaultValue = "cpu",
            description = "cpu or cuda (default: ${DEFAULT-VALUE}).")
    String device;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "0",
            description = "CPU threads for matrix products with --device cpu (default: all cores).")
    int threads;

    private Path located;

    /** The directory holding the verified data set (located and verified once per command). */
    Path dataDir() throws IOException {
        if (located == null) {
            located = DataLocator.locate(DatasetKind.fromCliName(dataset), data, System.err::println);
        }
        return located;
    }

    MnistSet load(MnistSet.Split split) throws IOException {
        return MnistSet.load(dataDir(), split);
    }

    Backend backend() {
        return Devices.open(device, threads);
    }
}

package io.jgrad.examples.vae;

import io.jgrad.core.Backend;
import io.jgrad.examples.vae.data.DataLocator;
import io.jgrad.examples.vae.data.DatasetKind;
import io.jgrad.examples.vae.data.MnistSet;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** The options every command shares: where the data is, which data set, and which device computes. */
final class Common {
    @Option(names = "--data", paramLabel = "DIR",
            description = "Use the IDX files already in DIR (raw or .gz; verified, never downloaded).")
    Path data;

    @Option(names = "--dataset", paramLabel = "NAME", converter = DatasetName.class,
            description = "mnist or fashion-mnist (default: mnist to train; for saved weights, the data set they were "
                    + "trained on). MNIST is fetched and cached in ~/.cache/jgrad/mnist; Fashion-MNIST comes from "
                    + "Debian's dataset-fashion-mnist.")
    DatasetKind dataset;

    @Option(names = "--device", paramLabel = "DEVICE", defaultValue = "cpu",
            description = "cpu (the fast backend), reference (the plain loops of ReferenceBackend: slow, to step "
                    + "through or time against cpu) or cuda (default: ${DEFAULT-VALUE}).")
    Device device;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "0",
            description = "CPU threads that the fast backend splits its large products and passes across, with "
                    + "--device cpu (default: 0, all cores).")
    @Range(min = 0, atMostCores = true)
    int threads;

    private Path located;

    /** {@code --dataset}'s names, as {@link DatasetKind#fromCliName} reads them. */
    static final class DatasetName implements ITypeConverter<DatasetKind> {
        @Override
        public DatasetKind convert(String name) {
            try {
                return DatasetKind.fromCliName(name);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** The data set {@code --dataset} names, else MNIST. */
    DatasetKind dataset() {
        return dataset != null ? dataset : DatasetKind.MNIST;
    }

    /** The data set {@code --dataset} names, else the one named by {@code trainedOn} (a model's metadata), else MNIST. */
    void defaultDataset(String trainedOn) {
        if (dataset == null && trainedOn != null) {
            dataset = DatasetKind.fromCliName(trainedOn);
        }
    }

    /** The directory holding the verified data set (located and verified once per command). */
    Path dataDir() throws IOException {
        if (located == null) {
            located = DataLocator.locate(dataset(), data, System.err::println);
        }
        return located;
    }

    MnistSet load(MnistSet.Split split) throws IOException {
        return MnistSet.load(dataDir(), split);
    }

    Backend backend() {
        return device.open(threads);
    }
}

package io.jgrad.examples.vae;

import io.jgrad.core.Backend;
import io.jgrad.examples.vae.data.MnistSet;
import io.jgrad.examples.vae.train.Outputs;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ./vae reconstruct}: test digits above their reconstructions. */
@Command(name = "reconstruct", mixinStandardHelpOptions = true,
        description = "Encode the first test digits (z = mu), decode them, and draw originals above reconstructions.")
final class ReconstructCommand implements Callable<Integer> {
    @Mixin
    Common common;

    @Mixin
    WeightsOptions weights;

    @Option(names = "--count", defaultValue = "16", description = "How many test digits (default: ${DEFAULT-VALUE}).")
    @Range(min = 1, max = 10_000)
    int count;

    @Option(names = "--out", defaultValue = "reconstructions.png", paramLabel = "FILE", description = "PNG to write (default: ${DEFAULT-VALUE}).")
    Path out;

    @Override
    public Integer call() throws Exception {
        common.defaultDataset(weights.trainedOn());
        Backend backend = common.backend();
        Outputs.reconstructions(out, weights.load(backend), common.load(MnistSet.Split.TEST), count, backend);
        System.err.println("wrote " + out);
        return 0;
    }
}

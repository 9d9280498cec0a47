package io.jgrad.examples.vae;

import io.jgrad.core.Backend;
import io.jgrad.examples.vae.train.Outputs;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ./vae sample}: decode random codes z ~ N(0, I) into new digits. */
@Command(name = "sample", mixinStandardHelpOptions = true, description = "Decode z ~ N(0, I) into new digits, as a PNG grid.")
final class SampleCommand implements Callable<Integer> {
    @Mixin
    Common common;

    @Mixin
    WeightsOptions weights;

    @Option(names = "--count", defaultValue = "16", description = "How many samples (default: ${DEFAULT-VALUE}).")
    @Range(min = 1, max = 10_000)
    int count;

    @Option(names = "--seed", defaultValue = "1", description = "Seed for z (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", defaultValue = "samples.png", paramLabel = "FILE", description = "PNG to write (default: ${DEFAULT-VALUE}).")
    Path out;

    @Override
    public Integer call() throws Exception {
        common.defaultDataset(weights.trainedOn());
        Backend backend = common.backend();
        Outputs.samples(out, weights.load(backend), count, seed, backend);
        System.err.println("wrote " + out);
        return 0;
    }
}

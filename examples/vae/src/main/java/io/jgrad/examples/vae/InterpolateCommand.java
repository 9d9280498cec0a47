package io.jgrad.examples.vae;

import io.jgrad.core.Backend;
import io.jgrad.examples.vae.data.MnistSet;
import io.jgrad.examples.vae.train.Outputs;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ./vae interpolate}: walk through latent space from one test digit to another. */
@Command(name = "interpolate", mixinStandardHelpOptions = true,
        description = "Decode evenly spaced points on the line between the codes (z = mu) of the first test images "
                + "of two digits.")
final class InterpolateCommand implements Callable<Integer> {
    @Mixin
    Common common;

    @Mixin
    WeightsOptions weights;

    @Option(names = "--from-digit", defaultValue = "3", description = "Start digit (default: ${DEFAULT-VALUE}).")
    @Range(min = 0, max = 9)
    int from;

    @Option(names = "--to-digit", defaultValue = "8", description = "End digit (default: ${DEFAULT-VALUE}).")
    @Range(min = 0, max = 9)
    int to;

    @Option(names = "--steps", defaultValue = "16", description = "Images along the way, ends included (default: ${DEFAULT-VALUE}).")
    @Range(min = 2, max = 1000)
    int steps;

    @Option(names = "--out", defaultValue = "interpolation.png", paramLabel = "FILE", description = "PNG to write (default: ${DEFAULT-VALUE}).")
    Path out;

    @Override
    public Integer call() throws Exception {
        common.defaultDataset(weights.trainedOn());
        Backend backend = common.backend();
        Outputs.interpolation(out, weights.load(backend), common.load(MnistSet.Split.TEST), from, to, steps, backend);
        System.err.println("wrote " + out);
        return 0;
    }
}

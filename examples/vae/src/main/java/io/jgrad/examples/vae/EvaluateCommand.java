package io.jgrad.examples.vae;

import io.jgrad.core.Backend;
import io.jgrad.examples.vae.data.MnistSet;
import io.jgrad.examples.vae.train.Evaluation;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ./vae evaluate}: the mean per-image test loss of saved weights, with z = mu. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Print 'test <loss>': the mean per-image loss over the 10,000 test images with z = mu "
                + "(the same number PyTorch prints for the same weights).")
final class EvaluateCommand implements Callable<Integer> {
    @Mixin
    Common common;

    @Mixin
    WeightsOptions weights;

    @Option(names = "--batch", defaultValue = "256", description = "Images per evaluation batch (default: ${DEFAULT-VALUE}).")
    @Range(min = 1, max = 60_000)
    int batch;

    @Override
    public Integer call() throws Exception {
        common.defaultDataset(weights.trainedOn());
        Backend backend = common.backend();
        MnistSet test = common.load(MnistSet.Split.TEST);
        System.out.printf(Locale.ROOT, "test %.2f%n", Evaluation.testLoss(weights.load(backend), test, batch, backend));
        return 0;
    }
}

package io.jgrad.examples.vae;

import io.jgrad.core.Backend;
import io.jgrad.examples.vae.data.DatasetKind;
import io.jgrad.examples.vae.data.MnistSet;
import io.jgrad.examples.vae.model.ModelSpec;
import io.jgrad.examples.vae.model.Reconstruction;
import io.jgrad.examples.vae.train.OptimizerSpec;
import io.jgrad.examples.vae.train.RunFolder;
import io.jgrad.examples.vae.train.TrainConfig;
import io.jgrad.examples.vae.train.Trainer;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code ./vae train}: fetch MNIST if needed, train, evaluate, and write the weights and the pictures. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Train the lecture's VAE (or its plain autoencoder) and write into --out: model.safetensors, "
                + "checkpoint.safetensors, losses.csv, losses.png, reconstructions.png, samples.png, interpolation.png "
                + "and latent-tsne.png.",
                "Prints 'epoch 0 test L' for the untrained model, then one line per epoch: "
                        + "'epoch N train L test L seconds S' (mean per-image losses; test with z = mu)."})
final class TrainCommand implements Callable<Integer> {
    @Mixin
    Common common;

    @Option(names = "--epochs", defaultValue = "10", description = "Passes over the training set (default: ${DEFAULT-VALUE}).")
    @Range(min = 0, max = 100_000)
    int epochs;

    @Option(names = "--batch", defaultValue = "256", description = "Images per step (default: ${DEFAULT-VALUE}).")
    @Range(min = 1, max = 60_000)
    int batch;

    @Option(names = "--latent", defaultValue = "20", description = "Size of the latent code z (default: ${DEFAULT-VALUE}).")
    @Range(min = 1, max = 4096)
    int latent;

    @Option(names = "--hidden", defaultValue = "400", description = "Hidden layer width (default: ${DEFAULT-VALUE}).")
    @Range(min = 1, max = 16_384)
    int hidden;

    @Option(names = "--lr", defaultValue = "1e-3", description = "Learning rate (default: ${DEFAULT-VALUE}).")
    @Range(min = 0, max = 10, aboveMin = true)
    float lr;

    @Option(names = "--beta", defaultValue = "1", description = "Weight of the KL term (default: ${DEFAULT-VALUE}).")
    @Range(min = 0, max = 1000)
    float beta;

    @Option(names = "--loss", defaultValue = "bce", paramLabel = "bce|mse",
            description = "Reconstruction loss: binary cross-entropy, or 1/2 ||x - x_hat||^2 (default: ${DEFAULT-VALUE}).")
    Reconstruction loss;

    @Option(names = "--model", defaultValue = "vae", paramLabel = "vae|ae",
            description = "The variational autoencoder, or the classic autoencoder with the same layers (default: ${DEFAULT-VALUE}).")
    ModelSpec.Kind model;

    @Option(names = "--optimizer", defaultValue = "adam", paramLabel = "adam|sgd",
            description = "Adam, or SGD (plain, as torch.optim.SGD, unless --momentum is given) (default: ${DEFAULT-VALUE}).")
    OptimizerSpec.Kind optimizer;

    @Option(names = "--momentum", defaultValue = "0", description = "Momentum of SGD (default: ${DEFAULT-VALUE}).")
    @Range(min = 0, max = 1)
    float momentum;

    @Option(names = "--seed", defaultValue = "1", description = "Seed for initialisation, shuffling and noise (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--limit", defaultValue = "0", paramLabel = "N", description = "Train on the first N images only (0: all).")
    @Range(min = 0)
    int limit;

    @Option(names = "--no-shuffle", description = "Keep the training images in file order.")
    boolean noShuffle;

    @Option(names = "--init", paramLabel = "FILE", description = "Start from these safetensors weights (a model or a "
            + "checkpoint file).")
    Path init;

    @Option(names = "--resume", paramLabel = "DIR", description = "Continue the run whose checkpoint is in DIR.")
    Path resume;

    @Option(names = "--out", paramLabel = "DIR", description = "Where outputs go: a folder that holds no run yet "
            + "(default: the --resume DIR, else a new runs/<timestamp>).")
    Path out;

    @Spec
    CommandSpec spec;

    /** The run these options describe, for images of {@code image} pixels. */
    TrainConfig config(int image) {
        return new TrainConfig(common.dataset().toString(), new ModelSpec(model, image, hidden, latent, loss, beta),
                new OptimizerSpec(optimizer, lr, momentum), epochs, batch, seed, limit, !noShuffle);
    }

    @Override
    public Integer call() throws Exception {
        if (optimizer == OptimizerSpec.Kind.ADAM && momentum != 0f) {
            throw new ParameterException(spec.commandLine(), "--momentum " + momentum
                    + " is for --optimizer sgd (Adam keeps its own moments)");
        }
        Memory.check(config(DatasetKind.IMAGE_SIZE), DatasetKind.IMAGES);
        if (resume == null && out != null) {
            RunFolder.refuseIfTaken(out);
        }
        Backend backend = common.backend();
        MnistSet train = common.load(MnistSet.Split.TRAIN);
        MnistSet test = common.load(MnistSet.Split.TEST);
        if (limit > 0) {
            train = train.limit(limit);
        }
        TrainConfig config = config(train.imageSize());
        RunFolder folder = resume != null ? RunFolder.resume(out != null ? out : resume, System.err)
                : out != null ? RunFolder.create(out, System.err) : RunFolder.createUnder(Path.of("runs"), System.err);
        System.err.printf("training %s on %d images (%s backend); outputs in %s%n",
                model.name().toLowerCase(Locale.ROOT), train.size(), backend.name(), folder.dir());
        new Trainer(config, train, test, backend, System.out, System.err).run(folder, init, resume);
        System.err.println("wrote " + folder.dir());
        return 0;
    }
}

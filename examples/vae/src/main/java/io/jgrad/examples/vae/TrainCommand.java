package io.jgrad.examples.vae;

import io.jgrad.core.Backend;
import io.jgrad.examples.vae.data.MnistSet;
import io.jgrad.examples.vae.model.Reconstruction;
import io.jgrad.examples.vae.train.TrainConfig;
import io.jgrad.examples.vae.train.Trainer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

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
    int epochs;

    @Option(names = "--batch", defaultValue = "256", description = "Images per step (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--latent", defaultValue = "20", description = "Size of the latent code z (default: ${DEFAULT-VALUE}).")
    int latent;

    @Option(names = "--hidden", defaultValue = "400", description = "Hidden layer width (default: ${DEFAULT-VALUE}).")
    int hidden;

    @Option(names = "--lr", defaultValue = "1e-3", description = "Learning rate (default: ${DEFAULT-VALUE}).")
    float lr;

    @Option(names = "--beta", defaultValue = "1", description = "Weight of the KL term (default: ${DEFAULT-VALUE}).")
    float beta;

    @Option(names = "--loss", defaultValue = "bce", paramLabel = "bce|mse",
            description = "Reconstruction loss: binary cross-entropy, or 1/2 ||x - x_hat||^2 (default: ${DEFAULT-VALUE}).")
    String loss;

    @Option(names = "--model", defaultValue = "vae", paramLabel = "vae|ae",
            description = "The variational autoencoder, or the classic autoencoder with the same layers (default: ${DEFAULT-VALUE}).")
    String model;

    @Option(names = "--optimizer", defaultValue = "adam", paramLabel = "adam|sgd",
            description = "Adam, or SGD with momentum 0.9 (default: ${DEFAULT-VALUE}).")
    String optimizer;

    @Option(names = "--seed", defaultValue = "1", description = "Seed for initialisation, shuffling and noise (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--limit", defaultValue = "0", paramLabel = "N", description = "Train on the first N images only (0: all).")
    int limit;

    @Option(names = "--no-shuffle", description = "Keep the training images in file order.")
    boolean noShuffle;

    @Option(names = "--init", paramLabel = "FILE", description = "Start from these safetensors weights.")
    Path init;

    @Option(names = "--resume", paramLabel = "DIR", description = "Continue the run whose checkpoint is in DIR.")
    Path resume;

    @Option(names = "--out", paramLabel = "DIR", description = "Where outputs go (default: the --resume DIR, else runs/<timestamp>).")
    Path out;

    @Override
    public Integer call() throws Exception {
        if (epochs < 0 || batch < 1 || latent < 1 || hidden < 1 || limit < 0) {
            throw new IllegalArgumentException("train: --epochs must be >= 0, --limit >= 0, and --batch, --latent, "
                    + "--hidden >= 1 (got " + epochs + ", " + limit + ", " + batch + ", " + latent + ", " + hidden + ")");
        }
        Reconstruction reconstruction = parseLoss(loss);
        Backend backend = common.backend();
        Path dir = out != null ? out : resume != null ? resume
                : Path.of("runs", LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        Files.createDirectories(dir);
        MnistSet train = common.load(MnistSet.Split.TRAIN);
        MnistSet test = common.load(MnistSet.Split.TEST);
        if (limit > 0) {
            train = train.limit(limit);
        }
        TrainConfig config = new TrainConfig(epochs, batch, latent, hidden, lr, beta, reconstruction, model, optimizer,
                seed, limit, !noShuffle, init, dir);
        System.err.printf("training %s on %d images (%s backend); outputs in %s%n", model, train.size(), backend.name(), dir);
        new Trainer(config, train, test, backend, System.out, System.err).run(resume);
        System.err.println("wrote " + dir);
        return 0;
    }

    static Reconstruction parseLoss(String name) {
        return switch (name) {
            case "bce" -> Reconstruction.BCE;
            case "mse" -> Reconstruction.MSE;
            default -> throw new IllegalArgumentException("--loss " + name + ": expected bce or mse");
        };
    }
}

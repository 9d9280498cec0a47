package io.jgrad.examples.vae.train;

import io.jgrad.autograd.Tape;
import io.jgrad.autograd.Variable;
import io.jgrad.core.io.Safetensors;
import io.jgrad.autograd.optim.Optimizer;
import io.jgrad.core.Backend;
import io.jgrad.core.Rng;
import io.jgrad.core.Tensor;
import io.jgrad.examples.vae.data.MnistSet;
import io.jgrad.examples.vae.model.LatentModel;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The training loop of the lecture: an epoch-0 test pass of the untrained model, then for each epoch a shuffled
 * pass over the training set (one Adam step per batch) and a test pass with z = mu, then one line:
 * {@code epoch 3 train 120.92 test 108.01 seconds 1.79}. After every epoch a checkpoint is written, so a run can be
 * resumed and gives the same losses as one that was never interrupted.
 *
 * <p>One {@link Rng} drives everything random after initialisation (shuffles and the VAE's noise), and its state
 * is saved in the checkpoint. Each step runs in a {@link Backend#reuseScope()}, so on a backend that recycles
 * storage the steps after the first allocate nothing new.
 */
public final class Trainer {
    /** How many test images the t-SNE panels show. */
    static final int TSNE_POINTS = 1000;

    private final TrainConfig config;
    private final MnistSet train;
    private final MnistSet test;
    private final Backend backend;
    private final PrintStream out;
    private final PrintStream log;

    public Trainer(TrainConfig config, MnistSet train, MnistSet test, Backend backend, PrintStream out, PrintStream log) {
        this.config = config;
        this.train = train;
        this.test = test;
        this.backend = backend;
        this.out = out;
        this.log = log;
    }

    /** Trains, writing every output into {@code config.out()}; returns the trained model. */
    public LatentModel run(Path resume) throws IOException {
        Files.createDirectories(config.out());
        Rng rng = new Rng(config.seed());
        LatentModel model = Models.create(config.model(), config.hidden(), config.latent(), config.beta(), config.loss(),
                rng, backend);
        Optimizer optimizer = Models.optimizer(config.optimizer(), model.module().parameters(), config.lr());
        List<Double> trainLosses = new ArrayList<>();
        List<Double> testLosses = new ArrayList<>();
        Map<String, Tensor> snapshots = new LinkedHashMap<>();
        int[] tsneImages = Evaluation.identity(Math.min(TSNE_POINTS, test.size()));
        int start = 1;
        if (config.init() != null) {
            model.module().loadStateDict(Safetensors.read(config.init()).tensors());
        }
        if (resume != null) {
            Checkpoint c = Checkpoint.load(resume);
            if (!c.architecture().equals(config.architecture())) {
                throw new IllegalArgumentException("--resume " + resume + ": the checkpoint was made with " + c.architecture()
                        + " but this run asks for " + config.architecture());
            }
            model.module().loadStateDict(c.model());
            optimizer.loadStateDict(c.optimizer());
            rng = new Rng(c.rngState());
            trainLosses.addAll(c.trainLosses());
            testLosses.addAll(c.testLosses());
            snapshots.putAll(c.snapshots());
            start = c.epoch() + 1;
            log.printf("resuming %s after epoch %d%n", resume, c.epoch());
        } else {
            double loss = Evaluation.testLoss(model, test, config.batch(), backend);
            testLosses.add(loss);
            out.printf("epoch 0 test %.2f%n", loss);
            snapshots.put("0", Evaluation.means(model, test, tsneImages, backend));
        }
        float[] buffer = new float[config.batch() * train.imageSize()];
        for (int epoch = start; epoch <= config.epochs(); epoch++) {
            int[] order = config.shuffle() ? rng.permutation(train.size()) : Evaluation.identity(train.size());
            long begin = System.nanoTime();
            double total = trainEpoch(epoch, model, optimizer, order, buffer, rng);
            double seconds = (System.nanoTime() - begin) / 1e9;
            double testLoss = Evaluation.testLoss(model, test, config.batch(), backend);
            trainLosses.add(total / train.size());
            testLosses.add(testLoss);
            out.printf("epoch %d train %.2f test %.2f seconds %.2f%n", epoch, total / train.size(), testLoss, seconds);
            if (epoch == config.epochs() || epoch == (config.epochs() + 1) / 2) {
                snapshots.put(Integer.toString(epoch), Evaluation.means(model, test, tsneImages, backend));
            }
            Outputs.writeLosses(config.out(), trainLosses, testLosses);
            new Checkpoint(epoch, rng.state(), config.architecture(), model.module().stateDict(), optimizer.stateDict(),
                    snapshots, trainLosses, testLosses).save(config.out());
        }
        Safetensors.write(config.out().resolve("model.safetensors"), model.module().stateDict());
        Outputs.writePictures(config.out(), model, test, snapshots, tsneImages, trainLosses, testLosses, config.seed(), backend, log);
        return model;
    }

    /** One pass over the training set in {@code order}; returns the summed loss. */
    private double trainEpoch(int epoch, LatentModel model, Optimizer optimizer, int[] order, float[] buffer, Rng rng) {
        int steps = (order.length + config.batch() - 1) / config.batch();
        double total = 0;
        long begin = System.nanoTime();
        try (Progress progress = Progress.start(epoch, steps, log)) {
            for (int step = 0; step < steps; step++) {
                int from = step * config.batch();
                int count = Math.min(config.batch(), order.length - from);
                try (Backend.Scope reuse = backend.reuseScope(); Tape tape = Tape.open()) {
                    Tensor x = Evaluation.batch(train, order, from, count, buffer, backend);   // [count, 784]
                    LatentModel.Output output = model.forward(Variable.constant(x), rng);
                    Variable loss = model.loss(output, x);
                    float value = loss.value().item();
                    if (!Float.isFinite(value)) {
                        throw new TrainingDiverged("epoch " + epoch + " step " + (step + 1) + ": the loss is " + value
                                + "; training stopped. The checkpoint of the last finished epoch is in " + config.out()
                                + " (try a smaller --lr)");
                    }
                    total += value;
                    optimizer.zeroGrad();
                    tape.backward(loss);
                    optimizer.step();
                }
                progress.update(step + 1, total / (from + count), from + count, (System.nanoTime() - begin) / 1e9);
            }
        }
        return total;
    }

    /** Training produced a NaN or infinite loss. */
    public static final class TrainingDiverged extends RuntimeException {
        TrainingDiverged(String message) {
            super(message);
        }
    }
}

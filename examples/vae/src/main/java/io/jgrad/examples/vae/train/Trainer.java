package io.jgrad.examples.vae.train;

import io.jgrad.autograd.Tape;
import io.jgrad.autograd.Variable;
import io.jgrad.autograd.optim.Optimizer;
import io.jgrad.core.Backend;
import io.jgrad.core.Rng;
import io.jgrad.core.Tensor;
import io.jgrad.examples.vae.data.Batch;
import io.jgrad.examples.vae.data.MnistSet;
import io.jgrad.examples.vae.model.LatentModel;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
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

    /**
     * Trains, writing every output into {@code folder}; starts from the weights in {@code init} if given (a weights
     * file or a checkpoint), and continues the run whose checkpoint is in {@code resume} if given. Returns the
     * trained model.
     */
    public LatentModel run(RunFolder folder, Path init, Path resume) throws IOException {
        Rng rng = new Rng(config.seed());
        LatentModel model = config.model().create(rng, backend);
        Optimizer optimizer = config.optimizer().create(model.module().parameters());
        List<Double> trainLosses = new ArrayList<>();
        List<Double> testLosses = new ArrayList<>();
        Map<String, Tensor> snapshots = new LinkedHashMap<>();
        int[] tsneImages = MnistSet.inOrder(Math.min(TSNE_POINTS, test.size()));
        int start = 1;
        if (init != null) {
            model.module().loadStateDict(Checkpoint.weights(init));
        }
        if (resume != null) {
            Checkpoint c = Checkpoint.load(resume);
            if (!config.continues(c.config())) {
                throw new IllegalArgumentException("--resume " + resume + ": the checkpoint was made with " + c.config()
                        + " but this run asks for " + config);
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
            out.printf(Locale.ROOT, "epoch 0 test %.2f%n", loss);
            snapshots.put("0", Evaluation.means(model, test, tsneImages, backend));
        }
        for (int epoch = start; epoch <= config.epochs(); epoch++) {
            int[] order = config.shuffle() ? rng.permutation(train.size()) : MnistSet.inOrder(train.size());
            long begin = System.nanoTime();
            Path lastCheckpoint = epoch > start ? folder.dir() : resume;      // null before the first epoch ends
            double total = trainEpoch(epoch, lastCheckpoint, model, optimizer, order, rng);
            double seconds = (System.nanoTime() - begin) / 1e9;
            double testLoss = Evaluation.testLoss(model, test, config.batch(), backend);
            trainLosses.add(total / train.size());
            testLosses.add(testLoss);
            out.printf(Locale.ROOT, "epoch %d train %.2f test %.2f seconds %.2f%n", epoch, total / train.size(), testLoss,
                    seconds);
            if (epoch == config.epochs() || epoch == (config.epochs() + 1) / 2) {
                snapshots.put(Integer.toString(epoch), Evaluation.means(model, test, tsneImages, backend));
            }
            folder.epochFinished(new Checkpoint(epoch, rng.state(), config, model.module().stateDict(),
                    optimizer.stateDict(), snapshots, trainLosses, testLosses));
        }
        folder.finished(model.module().stateDict(), config.identity(), () -> Outputs.writePictures(folder.dir(), model,
                test, snapshots, tsneImages, config.seed(), backend, log));
        return model;
    }

    /**
     * One pass over the training set in {@code order}: a step per batch; returns the summed loss. {@code checkpoint}
     * is the folder holding the last finished epoch's checkpoint, or null when there is none yet.
     */
    private double trainEpoch(int epoch, Path checkpoint, LatentModel model, Optimizer optimizer, int[] order, Rng rng) {
        List<Batch> batches = train.batches(order, config.batch());
        double total = 0;
        long begin = System.nanoTime();
        try (Progress progress = Progress.start(epoch, batches.size(), log)) {
            for (Batch batch : batches) {
                try (Backend.Scope reuse = backend.reuseScope(); Tape tape = Tape.open()) {
                    Tensor x = batch.images(backend);                                  // [count, image]
                    LatentModel.Output output = model.forward(Variable.constant(x), rng);
                    Variable loss = model.loss(output, x);
                    float value = loss.value().item();
                    if (!Float.isFinite(value)) {
                        throw new TrainingDiverged(epoch, batch.index() + 1, value, checkpoint);
                    }
                    total += value;
                    optimizer.zeroGrad();
                    tape.backward(loss);
                    optimizer.step();
                }
                int seen = batch.from() + batch.count();
                progress.update(batch.index() + 1, total / seen, seen, (System.nanoTime() - begin) / 1e9);
            }
        }
        return total;
    }

    /** Training produced a NaN or infinite loss; the message says where, and how to go on. */
    public static final class TrainingDiverged extends RuntimeException {
        TrainingDiverged(int epoch, int step, float loss, Path checkpoint) {
            super("epoch " + epoch + " step " + step + ": the loss is " + loss + "; training stopped. " + (checkpoint == null
                    ? "No epoch had finished, so there is no checkpoint: start again with a smaller --lr."
                    : "To go on from the last finished epoch with a smaller --lr, start a new run with --init "
                            + checkpoint.resolve(Checkpoint.FILE) + " (--resume keeps every setting, --lr too)."));
        }
    }
}

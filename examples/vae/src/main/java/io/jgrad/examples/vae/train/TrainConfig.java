package io.jgrad.examples.vae.train;

import static io.jgrad.examples.vae.model.ModelSpec.get;

import io.jgrad.examples.vae.model.ModelSpec;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Everything a training run is asked to do, already checked: the data set (by name), the model, the optimiser, and
 * how the data is walked. A checkpoint records all of it ({@link #metadata()}), so a run is resumed only with the
 * settings it began with.
 *
 * @param limit train on the first {@code limit} images only (0: all of them)
 */
public record TrainConfig(String dataset, ModelSpec model, OptimizerSpec optimizer, int epochs, int batch, long seed,
                          int limit, boolean shuffle) {

    public TrainConfig {
        if (epochs < 0 || batch < 1 || limit < 0) {
            throw new IllegalArgumentException("train: epochs and limit must be at least 0 and batch at least 1, got "
                    + epochs + ", " + limit + " and " + batch);
        }
    }

    public TrainConfig withEpochs(int newEpochs) {
        return new TrainConfig(dataset, model, optimizer, newEpochs, batch, seed, limit, shuffle);
    }

    /** Whether a run with these settings continues one begun with {@code other}: all but the number of epochs agree. */
    public boolean continues(TrainConfig other) {
        return equals(other.withEpochs(epochs));
    }

    /** What a trained model file records of its run: the data set and the {@link ModelSpec}. */
    public Map<String, String> identity() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("dataset", dataset);
        m.putAll(model.metadata());
        return m;
    }

    /** The settings as text, for a checkpoint's metadata. */
    public Map<String, String> metadata() {
        Map<String, String> m = identity();
        m.put("optimizer", optimizer.kind().name());
        m.put("lr", Float.toString(optimizer.lr()));
        m.put("momentum", Float.toString(optimizer.momentum()));
        m.put("epochs", Integer.toString(epochs));
        m.put("batch", Integer.toString(batch));
        m.put("seed", Long.toString(seed));
        m.put("limit", Integer.toString(limit));
        m.put("shuffle", Boolean.toString(shuffle));
        return m;
    }

    /** The settings {@link #metadata()} wrote; a missing or malformed entry is an error naming it. */
    public static TrainConfig fromMetadata(Map<String, String> m) {
        return new TrainConfig(get(m, "dataset"), ModelSpec.fromMetadata(m),
                new OptimizerSpec(OptimizerSpec.Kind.valueOf(get(m, "optimizer")), Float.parseFloat(get(m, "lr")),
                        Float.parseFloat(get(m, "momentum"))),
                Integer.parseInt(get(m, "epochs")), Integer.parseInt(get(m, "batch")), Long.parseLong(get(m, "seed")),
                Integer.parseInt(get(m, "limit")), Boolean.parseBoolean(get(m, "shuffle")));
    }

    /** One line, as {@code ./vae train}'s options would say it, for messages. */
    @Override
    public String toString() {
        return String.join(" ", metadata().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
    }
}

package io.jgrad.examples.vae.train;

import io.jgrad.core.io.Safetensors;
import io.jgrad.core.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything needed to continue training exactly where it stopped, in one safetensors file: the weights
 * ({@code model.*}), the optimiser's moments ({@code optim.*}), the latent snapshots for t-SNE ({@code tsne.*}),
 * and in the metadata the last finished epoch, the generator's state, the loss history and the run's settings.
 *
 * <p>Invariant: written under a temporary name and moved into place, so the file on disk is always a whole
 * checkpoint of some finished epoch.
 */
public record Checkpoint(int epoch, long rngState, TrainConfig config, Map<String, Tensor> model,
                         Map<String, Tensor> optimizer, Map<String, Tensor> snapshots,
                         List<Double> trainLosses, List<Double> testLosses) {

    public static final String FILE = "checkpoint.safetensors";

    public void save(Path dir) throws IOException {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        model.forEach((name, t) -> tensors.put("model." + name, t));
        optimizer.forEach((name, t) -> tensors.put("optim." + name, t));
        snapshots.forEach((name, t) -> tensors.put("tsne." + name, t));
        Map<String, String> metadata = new LinkedHashMap<>(config.metadata());
        metadata.put("epoch", Integer.toString(epoch));
        metadata.put("rng", Long.toString(rngState));
        metadata.put("train", join(trainLosses));
        metadata.put("test", join(testLosses));
        Safetensors.write(dir.resolve(FILE), tensors, metadata);
    }

    public static Checkpoint load(Path dir) throws IOException {
        Path file = dir.resolve(FILE);
        if (!Files.exists(file)) {
            throw new IOException(file + ": no checkpoint to resume from (it is written after each finished epoch)");
        }
        Safetensors.Contents contents = Safetensors.read(file);
        Map<String, String> meta = contents.metadata();
        TrainConfig config;
        try {
            for (String key : List.of("epoch", "rng", "train", "test")) {
                if (!meta.containsKey(key)) {
                    throw new IllegalArgumentException("metadata '" + key + "' is missing");
                }
            }
            config = TrainConfig.fromMetadata(meta);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": not a training checkpoint of this version of jgrad (" + e.getMessage() + ")");
        }
        Map<String, Tensor> model = new LinkedHashMap<>();
        Map<String, Tensor> optimizer = new LinkedHashMap<>();
        Map<String, Tensor> snapshots = new LinkedHashMap<>();
        contents.tensors().forEach((name, t) -> {
            if (name.startsWith("model.")) {
                model.put(name.substring(6), t);
            } else if (name.startsWith("optim.")) {
                optimizer.put(name.substring(6), t);
            } else if (name.startsWith("tsne.")) {
                snapshots.put(name.substring(5), t);
            }
        });
        return new Checkpoint(Integer.parseInt(meta.get("epoch")), Long.parseLong(meta.get("rng")),
                config, model, optimizer, snapshots, split(meta.get("train")), split(meta.get("test")));
    }

    /**
     * The model weights in {@code file}: a weights file's tensors, or the {@code model.*} tensors of a checkpoint
     * (so that {@code --init} can start a new run from any finished epoch).
     */
    public static Map<String, Tensor> weights(Path file) throws IOException {
        Safetensors.Contents contents = Safetensors.read(file);
        if (!contents.metadata().containsKey("epoch")) {
            return contents.tensors();
        }
        Map<String, Tensor> model = new LinkedHashMap<>();
        contents.tensors().forEach((name, t) -> {
            if (name.startsWith("model.")) {
                model.put(name.substring(6), t);
            }
        });
        return model;
    }

    private static String join(List<Double> values) {
        List<String> parts = new ArrayList<>();
        for (double v : values) {
            parts.add(Double.toString(v));
        }
        return String.join(",", parts);
    }

    private static List<Double> split(String text) {
        List<Double> values = new ArrayList<>();
        for (String part : text.split(",")) {
            if (!part.isBlank()) {
                values.add(Double.parseDouble(part));
            }
        }
        return values;
    }
}

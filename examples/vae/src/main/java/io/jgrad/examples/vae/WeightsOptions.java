package io.jgrad.examples.vae;

import io.jgrad.core.io.Safetensors;
import io.jgrad.core.Backend;
import io.jgrad.examples.vae.model.LatentModel;
import io.jgrad.examples.vae.train.Models;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --weights FILE}: a trained model (by jgrad or by PyTorch) as safetensors, with the lecture's names. */
final class WeightsOptions {
    @Option(names = "--weights", required = true, paramLabel = "FILE",
            description = "safetensors weights with PyTorch's names (encoder.0.weight, ...), e.g. runs/<run>/model.safetensors.")
    Path weights;

    @Option(names = "--loss", defaultValue = "bce", paramLabel = "bce|mse",
            description = "Reconstruction loss the model was trained with (default: ${DEFAULT-VALUE}).")
    String loss;

    LatentModel load(Backend backend) throws IOException {
        return Models.fromWeights(Safetensors.read(weights).tensors(), TrainCommand.parseLoss(loss), backend,
                weights.toString());
    }
}

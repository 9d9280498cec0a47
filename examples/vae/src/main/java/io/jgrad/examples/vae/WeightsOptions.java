package io.jgrad.examples.vae;

import io.jgrad.core.Backend;
import io.jgrad.core.Rng;
import io.jgrad.core.io.Safetensors;
import io.jgrad.examples.vae.model.LatentModel;
import io.jgrad.examples.vae.model.ModelSpec;
import io.jgrad.examples.vae.model.Reconstruction;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * {@code --weights FILE}: a trained model, by jgrad or by PyTorch, as safetensors with the lecture's names. jgrad's
 * files say which model they hold and the loss it was trained with; PyTorch's are read by their shapes.
 */
final class WeightsOptions {
    @Option(names = "--weights", required = true, paramLabel = "FILE",
            description = "safetensors weights with PyTorch's names (encoder.0.weight, ...), e.g. runs/<run>/model.safetensors.")
    Path weights;

    @Option(names = "--loss", paramLabel = "bce|mse",
            description = "Reconstruction loss to evaluate with (default: the one the weights were trained with, as "
                    + "their file says; bce for weights saved by PyTorch).")
    Reconstruction loss;

    private Safetensors.Contents contents;

    /** The data set the weights were trained on, as their file says; null for files without it (PyTorch's). */
    String trainedOn() throws IOException {
        return contents().metadata().get("dataset");
    }

    private Safetensors.Contents contents() throws IOException {
        if (contents == null) {
            contents = Safetensors.read(weights);
        }
        return contents;
    }

    /** The model the file holds, with the loss {@code --loss} names, else the one it was trained with. */
    ModelSpec spec() throws IOException {
        Safetensors.Contents contents = contents();
        ModelSpec spec;
        try {
            spec = ModelSpec.isIn(contents.metadata()) ? ModelSpec.fromMetadata(contents.metadata())
                    : ModelSpec.inferredFrom(contents.tensors(), Reconstruction.BCE, weights.toString());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(weights + ": " + e.getMessage(), e);
        }
        if (loss != null) {
            spec = new ModelSpec(spec.kind(), spec.image(), spec.hidden(), spec.latent(), loss, spec.beta());
        }
        return spec;
    }

    LatentModel load(Backend backend) throws IOException {
        LatentModel model = spec().create(new Rng(0), backend);
        model.module().loadStateDict(contents().tensors());
        return model;
    }
}

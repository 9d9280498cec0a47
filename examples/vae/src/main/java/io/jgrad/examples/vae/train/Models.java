package io.jgrad.examples.vae.train;

import io.jgrad.autograd.nn.Parameter;
import io.jgrad.autograd.optim.Adam;
import io.jgrad.autograd.optim.Optimizer;
import io.jgrad.autograd.optim.Sgd;
import io.jgrad.core.Backend;
import io.jgrad.core.Rng;
import io.jgrad.core.Tensor;
import io.jgrad.examples.vae.model.Autoencoder;
import io.jgrad.examples.vae.model.LatentModel;
import io.jgrad.examples.vae.model.Reconstruction;
import io.jgrad.examples.vae.model.Vae;
import java.util.List;
import java.util.Map;

/** Builds the model and optimiser a configuration names, or the model a set of saved weights describes. */
public final class Models {
    private Models() {
    }

    public static LatentModel create(String kind, int hidden, int latent, float beta, Reconstruction loss, Rng rng,
                                     Backend backend) {
        return switch (kind) {
            case "vae" -> new Vae(hidden, latent, beta, loss, rng, backend);
            case "ae" -> new Autoencoder(hidden, latent, loss, rng, backend);
            default -> throw new IllegalArgumentException("unknown model '" + kind + "': expected vae or ae");
        };
    }

    public static Optimizer optimizer(String kind, List<Parameter> parameters, float lr) {
        return switch (kind) {
            case "adam" -> new Adam(parameters, lr);
            case "sgd" -> new Sgd(parameters, lr, 0.9f);
            default -> throw new IllegalArgumentException("unknown optimizer '" + kind + "': expected adam or sgd");
        };
    }

    /**
     * The model that saved weights describe: hidden and latent sizes are read from {@code decoder.0.weight
     * [hidden, latent]}, and the encoder's last layer tells a VAE ({@code [2 * latent, hidden]}) from an
     * autoencoder ({@code [latent, hidden]}). The weights are loaded into it.
     */
    public static LatentModel fromWeights(Map<String, Tensor> weights, Reconstruction loss, Backend backend, String source) {
        Tensor decoderIn = weights.get("decoder.0.weight");
        Tensor encoderOut = weights.get("encoder.2.weight");
        if (decoderIn == null || encoderOut == null || decoderIn.rank() != 2 || encoderOut.rank() != 2) {
            throw new IllegalArgumentException(source + ": expected the lecture's model, with 2-D tensors "
                    + "'encoder.2.weight' and 'decoder.0.weight'; found " + weights.keySet());
        }
        int hidden = decoderIn.size(0);
        int latent = decoderIn.size(1);
        String kind = encoderOut.size(0) == 2 * latent ? "vae" : "ae";
        LatentModel model = create(kind, hidden, latent, 1f, loss, new Rng(0), backend);
        model.module().loadStateDict(weights);
        return model;
    }
}

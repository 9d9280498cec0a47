package io.jgrad.examples.vae.model;

import io.jgrad.core.Backend;
import io.jgrad.core.Rng;
import io.jgrad.core.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What fixes a model: which of the lecture's two models, the sizes of its layers, and the energy it is trained on.
 * The defaults of {@code ./vae train} are the lecture's: {@code new ModelSpec(VAE, 784, 400, 20, BCE, 1)}.
 *
 * @param image  pixels per image, the input and output width (784 for 28 x 28)
 * @param hidden width of the hidden layer of the encoder and of the decoder
 * @param latent size of the code z
 * @param beta   weight of the KL term (the VAE only)
 */
public record ModelSpec(Kind kind, int image, int hidden, int latent, Reconstruction loss, float beta) {

    /** The variational autoencoder, or the classic autoencoder with the same layers that the lecture compares it with. */
    public enum Kind { VAE, AE }

    public ModelSpec {
        if (image < 1 || hidden < 1 || latent < 1) {
            throw new IllegalArgumentException("model: image, hidden and latent sizes must be at least 1, got "
                    + image + ", " + hidden + " and " + latent);
        }
    }

    /** A new model with PyTorch's initialisation, drawn from {@code rng}, on {@code backend}. */
    public LatentModel create(Rng rng, Backend backend) {
        return switch (kind) {
            case VAE -> new Vae(image, hidden, latent, beta, loss, rng, backend);
            case AE -> new Autoencoder(image, hidden, latent, loss, rng, backend);
        };
    }

    /** The spec as text, for the metadata of a weights file or a checkpoint. */
    public Map<String, String> metadata() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("model", kind.name());
        m.put("image", Integer.toString(image));
        m.put("hidden", Integer.toString(hidden));
        m.put("latent", Integer.toString(latent));
        m.put("loss", loss.name());
        m.put("beta", Float.toString(beta));
        return m;
    }

    /** Whether {@code metadata} holds a spec (jgrad writes one; weights saved by PyTorch have none). */
    public static boolean isIn(Map<String, String> metadata) {
        return metadata.containsKey("model") && metadata.containsKey("loss");
    }

    /** The spec {@link #metadata()} wrote; a missing or malformed entry is an error naming it. */
    public static ModelSpec fromMetadata(Map<String, String> m) {
        try {
            return new ModelSpec(Kind.valueOf(get(m, "model")), Integer.parseInt(get(m, "image")),
                    Integer.parseInt(get(m, "hidden")), Integer.parseInt(get(m, "latent")),
                    Reconstruction.valueOf(get(m, "loss")), Float.parseFloat(get(m, "beta")));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("a model setting is not a number: " + e.getMessage(), e);
        }
    }

    /** A required setting of a saved run's metadata, or an error that names the missing one. */
    public static String get(Map<String, String> m, String key) {
        String value = m.get(key);
        if (value == null) {
            throw new IllegalArgumentException("the setting '" + key + "' is missing");
        }
        return value;
    }

    /**
     * The spec of weights saved without one (by PyTorch): sizes from {@code decoder.0.weight [hidden, latent]} and
     * {@code decoder.2.weight [image, hidden]}, the kind from {@code encoder.2.weight}, which is
     * {@code [2 * latent, hidden]} for a VAE and {@code [latent, hidden]} for an autoencoder.
     */
    public static ModelSpec inferredFrom(Map<String, Tensor> weights, Reconstruction loss, String source) {
        Tensor decoderIn = weights.get("decoder.0.weight");
        Tensor decoderOut = weights.get("decoder.2.weight");
        Tensor encoderOut = weights.get("encoder.2.weight");
        if (decoderIn == null || decoderOut == null || encoderOut == null || decoderIn.rank() != 2
                || decoderOut.rank() != 2 || encoderOut.rank() != 2) {
            throw new IllegalArgumentException(source + ": expected the lecture's model, with 2-D tensors "
                    + "'encoder.2.weight', 'decoder.0.weight' and 'decoder.2.weight'; found " + weights.keySet());
        }
        int latent = decoderIn.size(1);
        Kind kind = encoderOut.size(0) == 2 * latent ? Kind.VAE : Kind.AE;
        return new ModelSpec(kind, decoderOut.size(0), decoderIn.size(0), latent, loss, 1f);
    }
}

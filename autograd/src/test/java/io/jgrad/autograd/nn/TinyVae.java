package io.jgrad.autograd.nn;

import io.jgrad.autograd.Variable;
import io.jgrad.core.Rng;
import io.jgrad.core.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The lecture's VAE (NYU Deep Learning, 11-VAE) at the size of the golden fixture: 12 -> 8 -> 2*3 encoder,
 * 3 -> 8 -> 12 decoder. Written as the notebook writes it, so the comparison with PyTorch checks the same
 * sequence of ops, including the view and the two selects that split mu from logvar.
 */
public final class TinyVae extends Module {
    public static final int IN = 12;
    public static final int HIDDEN = 8;
    public static final int LATENT = 3;

    final Sequential encoder;
    final Sequential decoder;

    /** Every value of one forward pass, named as the fixture names them. */
    public record Pass(Variable mu, Variable logvar, Variable z, Variable xHat, Variable bce, Variable kld, Variable loss) {
    }

    public TinyVae(Rng rng) {
        encoder = child("encoder", new Sequential(new Linear(IN, HIDDEN, rng), new ReLU(), new Linear(HIDDEN, 2 * LATENT, rng)));
        decoder = child("decoder", new Sequential(new Linear(LATENT, HIDDEN, rng), new ReLU(), new Linear(HIDDEN, IN, rng),
                new Sigmoid()));
    }

    /** A VAE holding the parameters of {@code golden} (which may hold other tensors too). */
    public static TinyVae loadedFrom(Map<String, Tensor> golden, String prefix) {
        TinyVae vae = new TinyVae(new Rng(0));
        vae.loadStateDict(select(golden, prefix, vae.stateDict().keySet()));
        return vae;
    }

    /** The entries {@code prefix + name} of {@code golden} for each name, keyed by name. */
    public static Map<String, Tensor> select(Map<String, Tensor> golden, String prefix, Iterable<String> names) {
        Map<String, Tensor> state = new LinkedHashMap<>();
        for (String name : names) {
            state.put(name, golden.get(prefix + name));
        }
        return state;
    }

    /**
     * One pass with the reparameterisation noise {@code eps}, or in eval mode (z = mu) when {@code eps} is null;
     * the loss is BCE(x_hat, x, sum) + KL(N(mu, sigma^2) || N(0, 1)).
     */
    public Pass forward(Tensor x, Tensor eps) {
        Variable input = Variable.constant(x);
        Variable ml = encoder.forward(input).view(-1, 2, LATENT); // [batch, 2, latent]
        Variable mu = ml.select(1, 0);                                // [batch, latent]
        Variable logvar = ml.select(1, 1);                            // [batch, latent]
        Variable z = eps == null ? mu : Functional.reparameterize(mu, logvar, eps);
        Variable xHat = decoder.forward(z);                           // [batch, in]
        Variable bce = Functional.binaryCrossEntropy(xHat, x, Reduction.SUM);
        Variable kld = Functional.gaussianKl(mu, logvar);
        return new Pass(mu, logvar, z, xHat, bce, kld, bce.add(kld));
    }
}

package io.jgrad.examples.vae.model;

import static io.jgrad.autograd.GoldenAssertions.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jgrad.autograd.GoldenFile;
import io.jgrad.autograd.Tape;
import io.jgrad.autograd.Variable;
import io.jgrad.autograd.nn.Functional;
import io.jgrad.autograd.nn.Reduction;
import io.jgrad.core.DefaultBackend;
import io.jgrad.core.Rng;
import io.jgrad.core.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The shipped {@link Vae}, at the golden fixture's size (12 -> 8 -> 2 * 3 encoder, 3 -> 8 -> 12 decoder), against
 * PyTorch 1.13 (tools/golden.py, vae.safetensors): with the fixture's parameters, input and noise, every forward
 * value, both loss terms, the total, the gradient of every parameter, and the eval-mode loss (z = mu).
 */
class VaeGoldenTest {
    static final Map<String, Tensor> GOLDEN = GoldenFile.load("vae.safetensors");

    /** The lecture's VAE at the fixture's size, holding the fixture's parameters. */
    static Vae fixtureVae() {
        Vae vae = new Vae(12, 8, 3, 1f, Reconstruction.BCE, new Rng(0), DefaultBackend.get());
        vae.loadStateDict(GoldenFile.select(GOLDEN, "", vae.stateDict().keySet()));
        return vae;
    }

    private final Vae vae = fixtureVae();
    private final Tensor x = GOLDEN.get("x");

    @Test
    void theStateDictHasPyTorchsNamesInPyTorchsOrder() {
        assertEquals(List.of("encoder.0.weight", "encoder.0.bias", "encoder.2.weight", "encoder.2.bias",
                "decoder.0.weight", "decoder.0.bias", "decoder.2.weight", "decoder.2.bias"),
                List.copyOf(vae.stateDict().keySet()));
    }

    @Test
    void theTrainingPassAndEveryParameterGradientMatchPyTorch() {
        try (Tape tape = Tape.open()) {
            LatentModel.Output out = vae.forwardWithNoise(Variable.constant(x), GOLDEN.get("eps"));
            Variable loss = vae.loss(out, x);
            tape.backward(loss);
            assertClose(GOLDEN.get("out.mu"), out.mu(), "out.mu");
            assertClose(GOLDEN.get("out.logvar"), out.logvar(), "out.logvar");
            assertClose(GOLDEN.get("out.x_hat"), out.xHat(), "out.x_hat");
            assertClose(GOLDEN.get("out.bce"), Functional.binaryCrossEntropy(out.xHat(), x, Reduction.SUM), "out.bce");
            assertClose(GOLDEN.get("out.kld"), Functional.gaussianKl(out.mu(), out.logvar()), "out.kld");
            assertClose(GOLDEN.get("out.loss"), loss, "out.loss");
        }
        vae.namedParameters().forEach((name, p) -> assertClose(GOLDEN.get("grad." + name), p.grad(), "grad." + name));
    }

    @Test
    void theEvalPassWithZEqualToMuMatchesPyTorch() {
        try (Tape.Scope noGrad = Tape.noGrad()) {
            LatentModel.Output out = vae.forwardWithNoise(Variable.constant(x), null);
            assertClose(GOLDEN.get("out.eval_x_hat"), out.xHat(), "out.eval_x_hat");
            assertClose(GOLDEN.get("out.eval_loss"), vae.loss(out, x), "out.eval_loss");
        }
    }
}

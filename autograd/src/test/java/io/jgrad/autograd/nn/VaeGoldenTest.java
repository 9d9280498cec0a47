package io.jgrad.autograd.nn;

import static io.jgrad.autograd.GoldenAssertions.assertClose;

import io.jgrad.autograd.GoldenFile;
import io.jgrad.autograd.Tape;
import io.jgrad.core.Tensor;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The lecture's VAE against PyTorch 1.13 (tools/golden.py, vae.safetensors): with the fixture's parameters, input
 * and noise, every forward value, both loss terms, the total, the gradient of every parameter, and the eval-mode
 * loss (z = mu).
 */
class VaeGoldenTest {
    private static final Map<String, Tensor> GOLDEN = GoldenFile.load("vae.safetensors");

    private final TinyVae vae = TinyVae.loadedFrom(GOLDEN, "");
    private final Tensor x = GOLDEN.get("x");

    @Test
    void theStateDictHasPyTorchsNamesInPyTorchsOrder() {
        org.junit.jupiter.api.Assertions.assertEquals(java.util.List.of(
                "encoder.0.weight", "encoder.0.bias", "encoder.2.weight", "encoder.2.bias",
                "decoder.0.weight", "decoder.0.bias", "decoder.2.weight", "decoder.2.bias"),
                java.util.List.copyOf(vae.stateDict().keySet()));
    }

    @Test
    void theTrainingPassAndEveryParameterGradientMatchPyTorch() {
        TinyVae.Pass pass;
        try (Tape tape = Tape.open()) {
            pass = vae.forward(x, GOLDEN.get("eps"));
            tape.backward(pass.loss());
        }
        assertClose(GOLDEN.get("out.mu"), pass.mu(), "out.mu");
        assertClose(GOLDEN.get("out.logvar"), pass.logvar(), "out.logvar");
        assertClose(GOLDEN.get("out.z"), pass.z(), "out.z");
        assertClose(GOLDEN.get("out.x_hat"), pass.xHat(), "out.x_hat");
        assertClose(GOLDEN.get("out.bce"), pass.bce(), "out.bce");
        assertClose(GOLDEN.get("out.kld"), pass.kld(), "out.kld");
        assertClose(GOLDEN.get("out.loss"), pass.loss(), "out.loss");
        vae.namedParameters().forEach((name, p) -> assertClose(GOLDEN.get("grad." + name), p.grad(), "grad." + name));
    }

    @Test
    void theEvalPassWithZEqualToMuMatchesPyTorch() throws Exception {
        TinyVae.Pass pass;
        try (AutoCloseable scope = Tape.noGrad()) {
            pass = vae.forward(x, null);
        }
        assertClose(GOLDEN.get("out.eval_x_hat"), pass.xHat(), "out.eval_x_hat");
        assertClose(GOLDEN.get("out.eval_loss"), pass.loss(), "out.eval_loss");
    }
}

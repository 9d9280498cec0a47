package io.jgrad.examples.vae.model;

import static io.jgrad.autograd.GoldenAssertions.assertClose;

import io.jgrad.autograd.GoldenFile;
import io.jgrad.autograd.Tape;
import io.jgrad.autograd.Variable;
import io.jgrad.autograd.optim.Adam;
import io.jgrad.autograd.optim.Optimizer;
import io.jgrad.autograd.optim.Sgd;
import io.jgrad.core.Tensor;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Adam and SGD against torch.optim (tools/golden.py, optim.safetensors) on the shipped {@link Vae}, following its
 * protocol exactly: start from the VAE fixture's parameters; step k zeroes the gradients, computes the VAE loss at the current parameters
 * with the fixture's x and eps, backwards, and steps. After each step every parameter is compared; before step 2
 * the loss and the gradients are compared too, so a wrong step 1 is told apart from a wrong step 2.
 */
class OptimizerGoldenTest {
    private static final Map<String, Tensor> VAE = VaeGoldenTest.GOLDEN;
    private static final Map<String, Tensor> GOLDEN = GoldenFile.load("optim.safetensors");

    private final Vae vae = VaeGoldenTest.fixtureVae();

    /** Runs {@code steps} steps of the optimizer made by {@code make}, checking against {@code <prefix><k>.*}. */
    private void runAndCompare(String prefix, int steps, Function<Vae, Optimizer> make) {
        Optimizer optimizer = make.apply(vae);
        for (int k = 1; k <= steps; k++) {
            optimizer.zeroGrad();
            try (Tape tape = Tape.open()) {
                Tensor x = VAE.get("x");
                Variable loss = vae.loss(vae.forwardWithNoise(Variable.constant(x), VAE.get("eps")), x);
                tape.backward(loss);
                if (k >= 2) {
                    String before = prefix + (k - 1);
                    assertClose(GOLDEN.get(before + ".loss"), loss, before + ".loss");
                    vae.namedParameters().forEach((name, p) ->
                            assertClose(GOLDEN.get(before + "_grad." + name), p.grad(), before + "_grad." + name));
                }
            }
            optimizer.step();
            String after = prefix + k + ".";
            vae.namedParameters().forEach((name, p) -> assertClose(GOLDEN.get(after + name), p.value(), after + name));
        }
    }

    @Test
    void twoAdamStepsMatchTorchOptimAdam() {
        runAndCompare("adam", 2, model -> new Adam(model.parameters(), 1e-3f));
    }

    @Test
    void twoStepsOfSgdWithMomentumMatchTorchOptimSgd() {
        runAndCompare("sgd", 2, model -> new Sgd(model.parameters(), 0.1f, 0.9f));
    }

    @Test
    void oneStepOfPlainSgdMatchesTorchOptimSgd() {
        runAndCompare("sgdplain", 1, model -> new Sgd(model.parameters(), 0.1f));
    }
}

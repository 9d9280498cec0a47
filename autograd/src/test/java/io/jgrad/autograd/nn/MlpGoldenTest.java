package io.jgrad.autograd.nn;

import static io.jgrad.autograd.GoldenAssertions.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.jgrad.autograd.GoldenFile;
import io.jgrad.autograd.Tape;
import io.jgrad.autograd.Variable;
import io.jgrad.core.Rng;
import io.jgrad.core.Tensor;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The tiny MLP of tools/golden.py, Linear(5, 6) -> ReLU -> Linear(6, 3) -> Sigmoid, against PyTorch 1.13: forward
 * values, three losses and every gradient including the input's; then single ops at the points where PyTorch
 * makes a choice (BCE at predictions of exactly 0 and 1, relu and abs at 0, clamp at its bounds).
 */
class MlpGoldenTest {
    private static final Map<String, Tensor> GOLDEN = GoldenFile.load("mlp.safetensors");
    private static final String[] PARAMETERS = {"0.weight", "0.bias", "2.weight", "2.bias"};

    private final Sequential model = new Sequential(
            new Linear(5, 6, new Rng(1)), new ReLU(), new Linear(6, 3, new Rng(2)), new Sigmoid());
    private final Variable x = Variable.leaf(GOLDEN.get("x"));
    private final Tensor target = GOLDEN.get("target");

    MlpGoldenTest() {
        model.loadStateDict(GoldenFile.select(GOLDEN, "", java.util.List.of(PARAMETERS)));
    }

    /** Runs {@code loss} on the model's output under a tape and backwards; returns the loss. */
    private Variable backward(java.util.function.Function<Variable, Variable> loss) {
        try (Tape tape = Tape.open()) {
            Variable l = loss.apply(model.forward(x));
            tape.backward(l);
            return l;
        }
    }

    /** grad.<p> for every parameter, and the input's gradient. */
    private void assertGradients(String prefix) {
        for (String name : PARAMETERS) {
            assertClose(GOLDEN.get(prefix + name), model.namedParameters().get(name).grad(), prefix + name);
        }
        assertClose(GOLDEN.get(prefix + "x"), x.grad(), prefix + "x");
    }

    @Test
    void theForwardPassMatchesPyTorchLayerByLayer() {
        Variable hidden = model.get(0).forward(x);
        Variable logits = model.get(2).forward(model.get(1).forward(hidden));
        assertClose(GOLDEN.get("out.hidden"), hidden, "out.hidden");
        assertClose(GOLDEN.get("out.logits"), logits, "out.logits");
        assertClose(GOLDEN.get("out.y"), model.get(3).forward(logits), "out.y");
        assertClose(GOLDEN.get("out.y"), model.forward(x), "out.y via Sequential");
    }

    @Test
    void theSummedBinaryCrossEntropyAndAllItsGradientsMatchPyTorch() {
        Variable loss = backward(y -> Functional.binaryCrossEntropy(y, target, Reduction.SUM));
        assertClose(GOLDEN.get("out.loss"), loss, "out.loss");
        assertGradients("grad.");
    }

    @Test
    void theMeanSquaredErrorAndAllItsGradientsMatchPyTorch() {
        Variable loss = backward(y -> Functional.mse(y, target, Reduction.MEAN));
        assertClose(GOLDEN.get("out.mse_loss"), loss, "out.mse_loss");
        assertGradients("mse_grad.");
    }

    @Test
    void theMeanBinaryCrossEntropyAndAllItsGradientsMatchPyTorch() {
        Variable loss = backward(y -> Functional.binaryCrossEntropy(y, target, Reduction.MEAN));
        assertClose(GOLDEN.get("out.bce_mean"), loss, "out.bce_mean");
        assertGradients("bce_mean_grad.");
    }

    @Test
    void binaryCrossEntropyAtPredictionsOfExactlyZeroAndOneStaysFiniteAsInPyTorch() {
        // log is clamped at -100, so a certain and wrong prediction costs 100; the gradient's denominator is
        // floored at 1e-12, giving +-1e12 (and 0 where p = t in {0, 1}).
        Tensor target = GOLDEN.get("bce_edge.target");
        Variable p = Variable.leaf(GOLDEN.get("bce_edge.pred"));
        Variable loss;
        try (Tape tape = Tape.open()) {
            loss = Functional.binaryCrossEntropy(p, target, Reduction.SUM);
            tape.backward(loss);
        }
        assertClose(GOLDEN.get("bce_edge.loss_sum"), loss, "bce_edge.loss_sum");
        assertClose(GOLDEN.get("bce_edge.grad_pred"), p.grad(), "bce_edge.grad_pred");
        Variable each = Functional.binaryCrossEntropy(p, target, Reduction.NONE);
        assertClose(GOLDEN.get("bce_edge.loss"), each, "bce_edge.loss");
    }

    @Test
    void reductionNoneKeepsEachTermAndItsGradientIsTheSeedTimesTheTermsDerivative() {
        Tensor target = GOLDEN.get("bce_edge.target");
        Variable p = Variable.leaf(GOLDEN.get("bce_edge.pred"));
        Tensor seed = Tensor.of(new float[] {1, 2, 0, 1, 1, 0.5f, 3, -1}, 8);
        try (Tape tape = Tape.open()) {
            tape.backward(Functional.binaryCrossEntropy(p, target, Reduction.NONE), seed);
        }
        assertClose(GOLDEN.get("bce_edge.grad_pred").mul(seed), p.grad(), "seed * bce_edge.grad_pred");
        Variable x = Variable.leaf(Tensor.of(new float[] {1, 2, 3}, 3));
        Variable squares = Functional.mse(x, Tensor.of(new float[] {1, 0, 5}, 3), Reduction.NONE);
        assertArrayEquals(new float[] {0, 4, 4}, squares.value().toArray());
    }

    @Test
    void reluAbsAndClampTakePyTorchsGradientsAtTheirKinks() {
        assertEdge("relu_zero", Variable::relu);
        assertEdge("abs_zero", Variable::abs);
        assertEdge("clamp_edge", v -> v.clamp(-1f, 1f));
    }

    private static void assertEdge(String name, java.util.function.UnaryOperator<Variable> op) {
        Variable input = Variable.leaf(GOLDEN.get(name + ".x"));
        Variable y;
        try (Tape tape = Tape.open()) {
            y = op.apply(input);
            tape.backward(y.sum());
        }
        assertClose(GOLDEN.get(name + ".y"), y, name + ".y");
        assertClose(GOLDEN.get(name + ".grad_x"), input.grad(), name + ".grad_x");
    }
}

package io.jgrad.autograd.nn;

import static io.jgrad.autograd.GradCheck.narrowed;
import static io.jgrad.autograd.GradCheck.transposed;
import static io.jgrad.autograd.GradCheck.uniform;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jgrad.autograd.GradCheck;
import io.jgrad.autograd.Tape;
import io.jgrad.autograd.Variable;
import io.jgrad.core.Tensor;
import org.junit.jupiter.api.Test;

/**
 * The composed ops a model is built from: values from their formulas on small hand-made cases, and gradients by
 * central differences. Binary cross-entropy has its own rule (PyTorch's), so it is checked most carefully.
 */
class FunctionalTest {
    private static final Tensor TARGET = uniform(11, 0, 1, 3, 4);

    @Test
    void linearMatchesCentralDifferencesInInputWeightAndBias() {
        GradCheck.check("linear", xs -> Functional.linear(xs[0], xs[1], xs[2]),
                transposed(uniform(1, -1, 1, 3, 4)), uniform(2, -1, 1, 5, 4), narrowed(uniform(3, -1, 1, 5)));
    }

    @Test
    void linearWritesTheWeightGradientIntoTheParametersOwnBufferAndAddsASecondPass() {
        Tensor x = uniform(7, -1, 1, 3, 4);
        Parameter weight = new Parameter("weight", uniform(8, -1, 1, 5, 4));
        Parameter bias = new Parameter("bias", uniform(9, -1, 1, 5));
        Tensor buffer = null;
        Tensor expected = Tensor.ones(3, 5).t().matmul(x);                 // d sum(x W' + b) / dW = 1' x
        for (int pass = 1; pass <= 2; pass++) {
            try (Tape tape = Tape.open()) {
                tape.backward(Functional.linear(Variable.constant(x), weight, bias).sum());
            }
            assertTrue(buffer == null || weight.grad() == buffer);
            buffer = weight.grad();
            float[] want = expected.mul((float) pass).toArray();
            float[] got = weight.grad().toArray();
            for (int i = 0; i < want.length; i++) {
                assertEquals(want[i], got[i], 1e-5, "pass " + pass + ", element " + i);
            }
        }
        weight.zeroGrad();
        try (Tape tape = Tape.open()) {
            tape.backward(Functional.linear(Variable.constant(x), weight, bias).sum());
        }
        assertTrue(weight.grad() == buffer, "the buffer is kept after zeroGrad");
        assertEquals(expected.get(2, 3), weight.grad().get(2, 3), 1e-5);
    }

    @Test
    void summedBinaryCrossEntropyMatchesCentralDifferences() {
        GradCheck.check("bce sum", xs -> Functional.binaryCrossEntropy(xs[0], TARGET, Reduction.SUM),
                transposed(uniform(4, 0.1, 0.9, 3, 4)));
    }

    @Test
    void meanBinaryCrossEntropyMatchesCentralDifferences() {
        GradCheck.check("bce mean", xs -> Functional.binaryCrossEntropy(xs[0], TARGET, Reduction.MEAN),
                narrowed(uniform(5, 0.1, 0.9, 3, 4)));
    }

    @Test
    void binaryCrossEntropyOfASigmoidMatchesCentralDifferences() {
        // The way the VAE uses it: the sigmoid's output feeds BCE, so BCE's rule hands a gradient on to sigmoid's.
        GradCheck.check("bce(sigmoid)", xs -> Functional.binaryCrossEntropy(xs[0].sigmoid(), TARGET, Reduction.SUM),
                uniform(6, -2, 2, 3, 4));
    }

    @Test
    void binaryCrossEntropyIsMinusTheLogLikelihoodOfTheTarget() {
        // p = 0.8, t = 1: -ln 0.8; p = 0.8, t = 0: -ln 0.2; the mean halves their sum.
        Variable p = Variable.constant(Tensor.of(new float[] {0.8f, 0.8f}));
        Tensor t = Tensor.of(new float[] {1, 0});
        double sum = -Math.log(0.8) - Math.log(0.2);
        assertEquals(sum, Functional.binaryCrossEntropy(p, t, Reduction.SUM).value().item(), 1e-6);
        assertEquals(sum / 2, Functional.binaryCrossEntropy(p, t, Reduction.MEAN).value().item(), 1e-6);
    }

    @Test
    void binaryCrossEntropyRejectsATargetOfAnotherShape() {
        Variable p = Variable.constant(Tensor.full(0.5f, 2, 3));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Functional.binaryCrossEntropy(p, Tensor.zeros(3, 2), Reduction.SUM));
        assertTrue(e.getMessage().contains("[2, 3]") && e.getMessage().contains("[3, 2]"), e.getMessage());
    }

    @Test
    void mseSummedAndAveragedMatchCentralDifferences() {
        GradCheck.check("mse sum", xs -> Functional.mse(xs[0], TARGET, Reduction.SUM), transposed(uniform(7, -1, 1, 3, 4)));
        GradCheck.check("mse mean", xs -> Functional.mse(xs[0], TARGET, Reduction.MEAN), narrowed(uniform(8, -1, 1, 3, 4)));
    }

    @Test
    void mseAndHalfSquaredErrorHaveTheValuesOfTheirFormulas() {
        // Differences 1 and 3: squares 1 and 9.
        Variable prediction = Variable.constant(Tensor.of(new float[] {1, 5}));
        Tensor target = Tensor.of(new float[] {0, 2});
        assertEquals(10f, Functional.mse(prediction, target, Reduction.SUM).value().item());
        assertEquals(5f, Functional.mse(prediction, target, Reduction.MEAN).value().item());
        assertEquals(5f, Functional.halfSquaredError(prediction, target).value().item());
    }

    @Test
    void halfSquaredErrorMatchesCentralDifferences() {
        GradCheck.check("half squared error", xs -> Functional.halfSquaredError(xs[0], TARGET), transposed(uniform(9, -1, 1, 3, 4)));
    }

    @Test
    void gaussianKlMatchesCentralDifferencesInMuAndLogvar() {
        GradCheck.check("gaussian KL", xs -> Functional.gaussianKl(xs[0], xs[1]),
                transposed(uniform(10, -1, 1, 4, 3)), narrowed(uniform(12, -1, 1, 4, 3)));
    }

    @Test
    void gaussianKlIsZeroForTheStandardNormalAndPositiveOtherwise() {
        Variable zeros = Variable.constant(Tensor.zeros(2, 3));
        assertEquals(0f, Functional.gaussianKl(zeros, zeros).value().item());
        // mu = 1, logvar = 0 in one element: 1/2 (1 - 0 - 1 + 1) = 1/2.
        Variable mu = Variable.constant(Tensor.of(new float[] {1, 0}));
        assertEquals(0.5f, Functional.gaussianKl(mu, Variable.constant(Tensor.zeros(2))).value().item());
    }

    @Test
    void reparameterizeMatchesCentralDifferencesInMuAndLogvar() {
        Tensor eps = uniform(13, -2, 2, 4, 3);
        GradCheck.check("reparameterize", xs -> Functional.reparameterize(xs[0], xs[1], eps),
                narrowed(uniform(14, -1, 1, 4, 3)), transposed(uniform(15, -1, 1, 4, 3)));
    }

    @Test
    void reparameterizedSamplesPassGradientsToBothMuAndLogvar() {
        // z = mu + eps * exp(logvar / 2): dz/dmu = 1, dz/dlogvar = eps * exp(logvar / 2) / 2.
        Variable mu = Variable.leaf(Tensor.of(new float[] {0.5f, -1f}));
        Variable logvar = Variable.leaf(Tensor.of(new float[] {0f, 2f}));
        Tensor eps = Tensor.of(new float[] {2f, -1f});
        Variable z;
        try (Tape tape = Tape.open()) {
            z = Functional.reparameterize(mu, logvar, eps);
            tape.backward(z.sum());
        }
        assertEquals(2.5f, z.value().get(0), 1e-6);
        assertEquals(-1 - Math.E, z.value().get(1), 1e-5);
        assertEquals(1f, mu.grad().get(0));
        assertEquals(1f, mu.grad().get(1));
        assertEquals(1f, logvar.grad().get(0), 1e-6);
        assertEquals(-Math.E / 2, logvar.grad().get(1), 1e-5);
    }

    @Test
    void theVaeLossSendsGradientsToBothMuAndLogvar() {
        // KL + a reconstruction through z: both heads of the encoder must learn.
        Variable mu = Variable.leaf(uniform(16, -1, 1, 2, 3));
        Variable logvar = Variable.leaf(uniform(17, -1, 1, 2, 3));
        try (Tape tape = Tape.open()) {
            Variable z = Functional.reparameterize(mu, logvar, uniform(18, -1, 1, 2, 3));
            Variable loss = Functional.binaryCrossEntropy(z.sigmoid(), uniform(19, 0, 1, 2, 3), Reduction.SUM)
                    .add(Functional.gaussianKl(mu, logvar));
            tape.backward(loss);
        }
        for (Variable v : new Variable[] {mu, logvar}) {
            assertTrue(v.grad() != null && v.grad().abs().sum().item() > 0, "no gradient reached " + v);
        }
    }
}

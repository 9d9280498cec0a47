package io.jgrad.autograd.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jgrad.autograd.Tape;
import io.jgrad.autograd.Variable;
import io.jgrad.autograd.nn.Functional;
import io.jgrad.autograd.nn.Linear;
import io.jgrad.autograd.nn.Parameter;
import io.jgrad.autograd.nn.ReLU;
import io.jgrad.autograd.nn.Reduction;
import io.jgrad.autograd.nn.Sequential;
import io.jgrad.autograd.nn.Sigmoid;
import io.jgrad.core.Rng;
import io.jgrad.core.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Checkpoints: an optimizer's state dict, loaded into a fresh optimizer over the same parameter values, must
 * continue training bit for bit as the original would have. Adam's moments and step count, and SGD's velocity,
 * are what a resumed run would otherwise lose.
 */
class OptimizerStateTest {
    /** Five images of 12 pixels in [0, 1], for the model to reconstruct. */
    private static final Tensor X = Tensor.uniform(new Rng(1), 0f, 1f, 5, 12);

    /** A small model to optimise, named as PyTorch names a Sequential: 0.weight, 0.bias, 2.weight, 2.bias. */
    private static Sequential model() {
        Rng rng = new Rng(2);
        return new Sequential(new Linear(12, 8, rng), new ReLU(), new Linear(8, 12, rng), new Sigmoid());
    }

    private static Sequential model(Map<String, Tensor> state) {
        Sequential model = model();
        model.loadStateDict(state);
        return model;
    }

    /** One training step: zero the gradients, the reconstruction's binary cross-entropy, backward, step. */
    private static void step(Sequential model, Optimizer optimizer) {
        optimizer.zeroGrad();
        try (Tape tape = Tape.open()) {
            tape.backward(Functional.binaryCrossEntropy(model.forward(Variable.constant(X)), X, Reduction.SUM));
        }
        optimizer.step();
    }

    private static Map<String, Tensor> copies(Map<String, Tensor> state) {
        Map<String, Tensor> copy = new LinkedHashMap<>();
        state.forEach((name, t) -> copy.put(name, t.copy()));
        return copy;
    }

    /** Steps once, saves model and optimizer, steps twice more; a restored pair must give the same parameters. */
    private static void assertResumesIdentically(Function<List<Parameter>, Optimizer> make) {
        Sequential original = model();
        Optimizer optimizer = make.apply(original.parameters());
        step(original, optimizer);
        Map<String, Tensor> savedModel = copies(original.stateDict());
        Map<String, Tensor> savedOptimizer = optimizer.stateDict();
        step(original, optimizer);
        step(original, optimizer);

        Sequential resumed = model(savedModel);
        Optimizer restored = make.apply(resumed.parameters());
        restored.loadStateDict(savedOptimizer);
        step(resumed, restored);
        step(resumed, restored);
        original.stateDict().forEach((name, t) ->
                assertArrayEquals(t.toArray(), resumed.stateDict().get(name).toArray(), name + " after resuming"));
    }

    @Test
    void adamRestoredFromItsStateDictContinuesExactlyAsTheOriginal() {
        assertResumesIdentically(parameters -> new Adam(parameters, 1e-3f));
    }

    @Test
    void sgdWithMomentumRestoredFromItsStateDictContinuesExactlyAsTheOriginal() {
        assertResumesIdentically(parameters -> new Sgd(parameters, 0.1f, 0.9f));
    }

    @Test
    void adamsStateHoldsTheStepCountAndBothMomentsOfEveryParameterByName() {
        Sequential model = model();
        Adam adam = new Adam(model.parameters(), 1e-3f);
        step(model, adam);
        step(model, adam);
        Map<String, Tensor> state = adam.stateDict();
        assertEquals(2f, state.get("step").item());
        assertEquals(1 + 2 * 4, state.size());
        assertEquals(model.stateDict().get("2.weight").shape(), state.get("exp_avg_sq.2.weight").shape());
        Adam restored = new Adam(model.parameters(), 1e-3f);
        restored.loadStateDict(state);
        assertEquals(2, restored.steps());
    }

    @Test
    void theSavedStateIsACopyThatLaterStepsDoNotChange() {
        Sequential model = model();
        Sgd sgd = new Sgd(model.parameters(), 0.1f, 0.9f);
        step(model, sgd);
        Map<String, Tensor> state = sgd.stateDict();
        float[] before = state.get("velocity.0.bias").toArray();
        step(model, sgd);
        assertArrayEquals(before, state.get("velocity.0.bias").toArray());
    }

    @Test
    void aMisShapedMomentIsRejectedByNameAndLeavesTheOptimizerAsItWas() {
        Sequential model = model();
        Adam adam = new Adam(model.parameters(), 1e-3f);
        step(model, adam);
        Map<String, Tensor> good = adam.stateDict();
        Map<String, Tensor> bad = new LinkedHashMap<>(good);
        bad.put("exp_avg_sq.2.bias", Tensor.zeros(3)); // the last parameter's, checked last
        bad.put("step", Tensor.scalar(7));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> adam.loadStateDict(bad));
        assertTrue(e.getMessage().contains("'exp_avg_sq.2.bias'") && e.getMessage().contains("[3]"), e.getMessage());
        assertEquals(1, adam.steps());
        Map<String, Tensor> after = adam.stateDict();
        assertEquals(good.keySet(), after.keySet(), "a rejected state must not drop the moments already held");
        good.forEach((name, t) -> assertArrayEquals(t.toArray(), after.get(name).toArray(), name));
    }

    @Test
    void aMisShapedVelocityIsRejectedByNameAndLeavesTheOptimizerAsItWas() {
        Sequential model = model();
        Sgd sgd = new Sgd(model.parameters(), 0.1f, 0.9f);
        step(model, sgd);
        Map<String, Tensor> good = sgd.stateDict();
        Map<String, Tensor> bad = new LinkedHashMap<>(good);
        bad.put("velocity.2.bias", Tensor.zeros(2, 6));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> sgd.loadStateDict(bad));
        assertTrue(e.getMessage().contains("'velocity.2.bias'"), e.getMessage());
        assertEquals(good.keySet(), sgd.stateDict().keySet(), "a rejected state must not drop the velocities already held");
    }

    @Test
    void anAdamStateWithoutAStepCountIsRejected() {
        Adam adam = new Adam(model().parameters(), 1e-3f);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> adam.loadStateDict(Map.of()));
        assertTrue(e.getMessage().contains("'step'"), e.getMessage());
    }

    @Test
    void anotherOptimizersStateIsRejectedByName() {
        Sequential model = model();
        Adam adam = new Adam(model.parameters(), 1e-3f);
        Sgd sgd = new Sgd(model.parameters(), 0.1f, 0.9f);
        step(model, adam);
        step(model, sgd);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> adam.loadStateDict(sgd.stateDict()));
        assertTrue(e.getMessage().contains("Adam keeps no tensor named 'velocity.0.bias'"), e.getMessage());
        assertEquals(1, adam.steps());
        e = assertThrows(IllegalArgumentException.class, () -> sgd.loadStateDict(adam.stateDict()));
        assertTrue(e.getMessage().contains("'exp_avg.0.bias'") && e.getMessage().contains("'step'"),
                e.getMessage());
        Sgd plain = new Sgd(model.parameters(), 0.1f, 0f);
        e = assertThrows(IllegalArgumentException.class, () -> plain.loadStateDict(sgd.stateDict()));
        assertTrue(e.getMessage().contains("SGD without momentum keeps no tensor"), e.getMessage());
    }
}

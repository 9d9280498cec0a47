package io.jgrad.autograd.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jgrad.autograd.GoldenFile;
import io.jgrad.autograd.Tape;
import io.jgrad.autograd.nn.Parameter;
import io.jgrad.autograd.nn.TinyVae;
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
    private static final Map<String, Tensor> VAE = GoldenFile.load("vae.safetensors");

    /** One training step: zero the gradients, VAE loss, backward, step. */
    private static void step(TinyVae vae, Optimizer optimizer) {
        optimizer.zeroGrad();
        try (Tape tape = Tape.open()) {
            tape.backward(vae.forward(VAE.get("x"), VAE.get("eps")).loss());
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
        TinyVae original = TinyVae.loadedFrom(VAE, "");
        Optimizer optimizer = make.apply(original.parameters());
        step(original, optimizer);
        Map<String, Tensor> savedModel = copies(original.stateDict());
        Map<String, Tensor> savedOptimizer = optimizer.stateDict();
        step(original, optimizer);
        step(original, optimizer);

        TinyVae resumed = TinyVae.loadedFrom(savedModel, "");
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
        TinyVae vae = TinyVae.loadedFrom(VAE, "");
        Adam adam = new Adam(vae.parameters(), 1e-3f);
        step(vae, adam);
        step(vae, adam);
        Map<String, Tensor> state = adam.stateDict();
        assertEquals(2f, state.get("step").item());
        assertEquals(1 + 2 * 8, state.size());
        assertEquals(vae.stateDict().get("decoder.2.weight").shape(), state.get("exp_avg_sq.decoder.2.weight").shape());
        Adam restored = new Adam(vae.parameters(), 1e-3f);
        restored.loadStateDict(state);
        assertEquals(2, restored.steps());
    }

    @Test
    void theSavedStateIsACopyThatLaterStepsDoNotChange() {
        TinyVae vae = TinyVae.loadedFrom(VAE, "");
        Sgd sgd = new Sgd(vae.parameters(), 0.1f, 0.9f);
        step(vae, sgd);
        Map<String, Tensor> state = sgd.stateDict();
        float[] before = state.get("velocity.encoder.0.bias").toArray();
        step(vae, sgd);
        assertArrayEquals(before, state.get("velocity.encoder.0.bias").toArray());
    }

    @Test
    void aMisShapedMomentIsRejectedByNameAndLeavesTheOptimizerAsItWas() {
        TinyVae vae = TinyVae.loadedFrom(VAE, "");
        Adam adam = new Adam(vae.parameters(), 1e-3f);
        step(vae, adam);
        Map<String, Tensor> good = adam.stateDict();
        Map<String, Tensor> bad = new LinkedHashMap<>(good);
        bad.put("exp_avg_sq.decoder.2.bias", Tensor.zeros(3)); // the last parameter's, checked last
        bad.put("step", Tensor.scalar(7));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> adam.loadStateDict(bad));
        assertTrue(e.getMessage().contains("'exp_avg_sq.decoder.2.bias'") && e.getMessage().contains("[3]"), e.getMessage());
        assertEquals(1, adam.steps());
        Map<String, Tensor> after = adam.stateDict();
        assertEquals(good.keySet(), after.keySet(), "a rejected state must not drop the moments already held");
        good.forEach((name, t) -> assertArrayEquals(t.toArray(), after.get(name).toArray(), name));
    }

    @Test
    void aMisShapedVelocityIsRejectedByNameAndLeavesTheOptimizerAsItWas() {
        TinyVae vae = TinyVae.loadedFrom(VAE, "");
        Sgd sgd = new Sgd(vae.parameters(), 0.1f, 0.9f);
        step(vae, sgd);
        Map<String, Tensor> good = sgd.stateDict();
        Map<String, Tensor> bad = new LinkedHashMap<>(good);
        bad.put("velocity.decoder.2.bias", Tensor.zeros(2, 6));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> sgd.loadStateDict(bad));
        assertTrue(e.getMessage().contains("'velocity.decoder.2.bias'"), e.getMessage());
        assertEquals(good.keySet(), sgd.stateDict().keySet(), "a rejected state must not drop the velocities already held");
    }

    @Test
    void anAdamStateWithoutAStepCountIsRejected() {
        Adam adam = new Adam(TinyVae.loadedFrom(VAE, "").parameters(), 1e-3f);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> adam.loadStateDict(Map.of()));
        assertTrue(e.getMessage().contains("'step'"), e.getMessage());
    }

    @Test
    void anotherOptimizersStateIsRejectedByName() {
        TinyVae vae = TinyVae.loadedFrom(VAE, "");
        Adam adam = new Adam(vae.parameters(), 1e-3f);
        Sgd sgd = new Sgd(vae.parameters(), 0.1f, 0.9f);
        step(vae, adam);
        step(vae, sgd);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> adam.loadStateDict(sgd.stateDict()));
        assertTrue(e.getMessage().contains("Adam keeps no tensor named 'velocity.decoder.0.bias'"), e.getMessage());
        assertEquals(1, adam.steps());
        e = assertThrows(IllegalArgumentException.class, () -> sgd.loadStateDict(adam.stateDict()));
        assertTrue(e.getMessage().contains("'exp_avg.decoder.0.bias'") && e.getMessage().contains("'step'"),
                e.getMessage());
        Sgd plain = new Sgd(vae.parameters(), 0.1f, 0f);
        e = assertThrows(IllegalArgumentException.class, () -> plain.loadStateDict(sgd.stateDict()));
        assertTrue(e.getMessage().contains("SGD without momentum keeps no tensor"), e.getMessage());
    }
}

package io.jgrad.autograd.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jgrad.autograd.Tape;
import io.jgrad.autograd.Variable;
import io.jgrad.core.Rng;
import io.jgrad.core.Shape;
import io.jgrad.core.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Modules name their parameters as PyTorch does, so a state dict moves between the two unchanged: Linear's weight
 * is [out, in], Sequential numbers its layers, a child's name becomes a dotted prefix. Loading checks everything
 * before writing anything.
 */
class ModuleTest {

    /** A module with two children, as the VAE has an encoder and a decoder. */
    static final class TwoPart extends Module {
        final Sequential encoder = child("encoder", new Sequential(new Linear(4, 3, new Rng(1)), new ReLU(),
                new Linear(3, 2, new Rng(2))));
        final Linear head = child("head", new Linear(2, 1, new Rng(3)));
    }

    @Test
    void linearStoresItsWeightAsOutByInLikePyTorch() {
        Linear linear = new Linear(5, 7, new Rng(0));
        assertEquals(Shape.of(7, 5), linear.weight().shape());
        assertEquals(Shape.of(7), linear.bias().shape());
    }

    @Test
    void linearInitialisesWeightAndBiasUniformlyWithinOneOverTheSquareRootOfFanIn() {
        // PyTorch's default: U(-1/sqrt(in), 1/sqrt(in)) for both. With 4000 draws the extremes come close to the
        // bound from both sides, which a bound of 1/in or sqrt(6/in) would not give.
        Linear linear = new Linear(100, 40, new Rng(7));
        double bound = 1 / Math.sqrt(100);
        for (Parameter p : linear.parameters()) {
            float[] values = p.value().toArray();
            double min = Double.MAX_VALUE;
            double max = -Double.MAX_VALUE;
            for (float v : values) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
            assertTrue(min >= -bound && max <= bound, p.name() + " outside +-" + bound + ": " + min + ", " + max);
            double reach = p.name().equals("weight") ? 0.99 : 0.7;
            assertTrue(min < -reach * bound && max > reach * bound, p.name() + " does not fill the range: " + min + ", " + max);
        }
    }

    @Test
    void linearComputesXTimesWeightTransposedPlusBias() {
        Linear linear = new Linear(2, 2, new Rng(0));
        linear.loadStateDict(Map.of("weight", Tensor.of(new float[] {1, 2, 3, 4}, 2, 2), "bias", Tensor.of(new float[] {10, 20})));
        Variable y = linear.forward(Variable.constant(Tensor.of(new float[] {1, 1}, 1, 2)));
        // [1, 1] W^T = [1 + 2, 3 + 4], plus the bias.
        assertArrayEquals(new float[] {13, 27}, y.value().toArray());
    }

    @Test
    void sequentialNamesEachLayersParametersByItsIndexSkippingLayersWithout() {
        Sequential model = new Sequential(new Linear(3, 4, new Rng(0)), new ReLU(), new Linear(4, 2, new Rng(1)), new Sigmoid());
        assertEquals(List.of("0.weight", "0.bias", "2.weight", "2.bias"), List.copyOf(model.stateDict().keySet()));
    }

    @Test
    void aChildsNameBecomesADottedPrefixAtEveryLevel() {
        assertEquals(List.of("encoder.0.weight", "encoder.0.bias", "encoder.2.weight", "encoder.2.bias", "head.weight", "head.bias"),
                List.copyOf(new TwoPart().stateDict().keySet()));
        // Nested twice: a Sequential inside a Sequential inside a module.
        class Outer extends Module {
            final Sequential net = child("net", new Sequential(new ReLU(), new Sequential(new Linear(2, 2, new Rng(0)))));
        }
        assertEquals(List.of("net.1.0.weight", "net.1.0.bias"), List.copyOf(new Outer().stateDict().keySet()));
    }

    @Test
    void theStateDictHoldsTheParametersOwnTensorsAndParametersListsTheSameObjects() {
        TwoPart model = new TwoPart();
        assertSame(model.encoder.get(0).parameters().get(0).value(), model.stateDict().get("encoder.0.weight"));
        assertEquals(List.copyOf(model.namedParameters().values()), model.parameters());
    }

    @Test
    void aStateDictLoadedIntoAnotherModelReproducesItsValuesAndOutputs() {
        TwoPart source = new TwoPart();
        TwoPart target = new TwoPart();
        target.head.weight().value().fillInPlace(0f);
        target.loadStateDict(source.stateDict());
        source.stateDict().forEach((name, t) ->
                assertArrayEquals(t.toArray(), target.stateDict().get(name).toArray(), name));
        Variable x = Variable.constant(Tensor.uniform(new Rng(5), -1, 1, 3, 4));
        assertArrayEquals(source.head.forward(source.encoder.forward(x)).value().toArray(),
                target.head.forward(target.encoder.forward(x)).value().toArray());
        // The values were copied in: changing the source afterwards leaves the target alone.
        Tensor kept = target.stateDict().get("head.bias");
        source.head.bias().value().fillInPlace(42f);
        assertNotSame(source.head.bias().value(), kept);
        assertTrue(kept.toArray()[0] != 42f);
    }

    @Test
    void loadingAStateDictThatLacksATensorNamesItAndChangesNothing() {
        assertRejectedUnchanged(state -> state.remove("head.bias"), "missing tensor 'head.bias'");
    }

    @Test
    void loadingAStateDictWithAnExtraTensorNamesItAndChangesNothing() {
        assertRejectedUnchanged(state -> state.put("encoder.1.weight", Tensor.zeros(3, 3)), "unexpected tensor 'encoder.1.weight'");
    }

    @Test
    void loadingAMisShapedTensorNamesItWithBothShapesAndChangesNothing() {
        // The bad tensor comes last, so a loader that wrote as it checked would already have changed the others.
        assertRejectedUnchanged(state -> state.put("head.bias", Tensor.zeros(2)), "'head.bias' has shape [2]");
    }

    private static void assertRejectedUnchanged(java.util.function.Consumer<Map<String, Tensor>> spoil, String message) {
        TwoPart model = new TwoPart();
        Map<String, float[]> before = new LinkedHashMap<>();
        model.stateDict().forEach((name, t) -> before.put(name, t.toArray()));
        Map<String, Tensor> state = new LinkedHashMap<>();
        model.stateDict().forEach((name, t) -> state.put(name, t.add(1f)));
        spoil.accept(state);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> model.loadStateDict(state));
        assertTrue(e.getMessage().contains(message), e.getMessage());
        model.stateDict().forEach((name, t) -> assertArrayEquals(before.get(name), t.toArray(), name + " was changed"));
    }

    @Test
    void zeroGradEmptiesTheGradientOfEveryParameterInEverySubModule() {
        TwoPart model = new TwoPart();
        try (Tape tape = Tape.open()) {
            Variable x = Variable.constant(Tensor.ones(2, 4));
            tape.backward(model.head.forward(model.encoder.forward(x)).sum());
        }
        model.zeroGrad();
        for (Parameter p : model.parameters()) {
            assertNull(p.grad(), p.name());
        }
    }
}

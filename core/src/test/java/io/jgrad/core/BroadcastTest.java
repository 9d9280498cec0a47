package io.jgrad.core;

import static io.jgrad.core.Properties.forAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link Shape#broadcast}, the one broadcasting rule in jgrad, checked against a table of shape pairs and against
 * the naive definition: align on the right, then read coordinate 0 along every axis where an operand has size 1.
 */
class BroadcastTest {

    /** Two shapes and the shape they broadcast to. */
    static Stream<Arguments> compatible() {
        return Stream.of(
                arguments(new int[] {3, 1}, new int[] {1, 4}, new int[] {3, 4}),
                arguments(new int[] {256, 1, 20}, new int[] {3, 20}, new int[] {256, 3, 20}),
                arguments(new int[] {}, new int[] {2, 3}, new int[] {2, 3}),
                arguments(new int[] {5}, new int[] {1}, new int[] {5}),
                arguments(new int[] {2, 3}, new int[] {2, 3}, new int[] {2, 3}),
                arguments(new int[] {1}, new int[] {}, new int[] {1}),
                arguments(new int[] {2, 1, 4}, new int[] {3, 1}, new int[] {2, 3, 4}),
                arguments(new int[] {4, 1}, new int[] {0}, new int[] {4, 0}));
    }

    /** Shape pairs that do not broadcast: some axis has two different sizes, neither of them 1. */
    static Stream<Arguments> incompatible() {
        return Stream.of(
                arguments(new int[] {2, 3}, new int[] {4}),
                arguments(new int[] {3, 2}, new int[] {2, 3}),
                arguments(new int[] {256, 784}, new int[] {400, 784}),
                arguments(new int[] {2, 3, 4}, new int[] {3, 1, 4}),
                arguments(new int[] {5}, new int[] {0}));
    }

    @ParameterizedTest(name = "{0} and {1} broadcast to {2}")
    @MethodSource("compatible")
    void compatibleShapesBroadcastToTheSameShapeInEitherOrder(int[] a, int[] b, int[] expected) {
        assertEquals(Shape.of(expected), Shape.broadcast(Shape.of(a), Shape.of(b), "add"));
        assertEquals(Shape.of(expected), Shape.broadcast(Shape.of(b), Shape.of(a), "add"));
    }

    // Adding and multiplying two floats is exact in double and then rounded once, so the results must match the
    // naive reference bit for bit: any mismatch means an operand was read at the wrong index.
    @ParameterizedTest(name = "{0} op {1}")
    @MethodSource("compatible")
    void elementwiseOpsReadEachOperandAtItsBroadcastIndex(int[] a, int[] b, int[] expected) {
        Rng rng = new Rng(7);
        float[] va = rng.uniform(Naive.numel(a), -1f, 1f);
        float[] vb = rng.uniform(Naive.numel(b), -1f, 1f);
        Tensor x = Tensor.of(va, a);
        Tensor y = Tensor.of(vb, b);
        double[] ea = Naive.broadcast(Naive.widen(va), a, expected);
        double[] eb = Naive.broadcast(Naive.widen(vb), b, expected);
        Tensor sum = x.add(y);
        Tensor product = y.mul(x);
        assertEquals(Shape.of(expected), sum.shape());
        assertEquals(Shape.of(expected), product.shape());
        float[] sums = sum.toArray();
        float[] products = product.toArray();
        for (int i = 0; i < ea.length; i++) {
            assertEquals((float) (ea[i] + eb[i]), sums[i], "sum at flat index " + i);
            assertEquals((float) (ea[i] * eb[i]), products[i], "product at flat index " + i);
        }
    }

    // Whatever op trips over the shapes, the message must say which op and show both shapes as the user wrote
    // them; a reader should not have to guess which of three adds in a line failed.
    @ParameterizedTest(name = "{0} and {1} do not broadcast")
    @MethodSource("incompatible")
    void incompatibleShapesThrowAndTheMessageNamesTheOpAndBothShapes(int[] a, int[] b) {
        Tensor x = Tensor.zeros(a);
        Tensor y = Tensor.zeros(b);
        Map<String, BiFunction<Tensor, Tensor, Tensor>> ops = Map.of(
                "add", Tensor::add, "sub", Tensor::sub, "mul", Tensor::mul, "div", Tensor::div,
                "maximum", Tensor::maximum, "lt", Tensor::lt, "eq", Tensor::eq);
        ops.forEach((name, op) -> {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> op.apply(x, y));
            String message = e.getMessage();
            assertTrue(message.startsWith(name + ": ") && message.contains(Shape.of(a).toString())
                    && message.contains(Shape.of(b).toString()), message);
        });
        assertThrows(IllegalArgumentException.class, () -> Shape.broadcast(Shape.of(b), Shape.of(a), "add"));
    }

    @Test
    void theMessageSaysWhereTheSizesDiffer() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Tensor.zeros(256, 784).add(Tensor.zeros(400, 784)));
        assertEquals("add: shapes [256, 784] and [400, 784] do not broadcast: sizes 256 and 400 differ along axis 0"
                + " of the result", e.getMessage());
    }

    // Op names are lower-cased for messages; in a Turkish locale String.toLowerCase() makes the I of MAXIMUM a
    // dotless one, and the message would name an op that does not exist.
    @Test
    void theOpIsNamedTheSameInEveryLocale() {
        Locale before = Locale.getDefault();
        try {
            Locale.setDefault(Locale.forLanguageTag("tr-TR"));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Tensor.zeros(2).maximum(Tensor.zeros(3)));
            assertTrue(e.getMessage().startsWith("maximum: shapes [2] and [3] do not broadcast"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class,
                    () -> Fused.sigmoidBackward(Tensor.zeros(2), Tensor.zeros(3)));
            assertTrue(e.getMessage().startsWith("sigmoid_backward: shapes [2] and [3] differ"), e.getMessage());
        } finally {
            Locale.setDefault(before);
        }
    }

    // x.addInPlace(y) writes into x, so y may broadcast into x's shape but never grow it.
    @Test
    void anInPlaceOpCannotGrowItsDestination() {
        Tensor x = Tensor.zeros(3);
        Tensor y = Tensor.zeros(2, 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> x.addInPlace(y));
        assertEquals("addInPlace: shape [2, 3] does not broadcast into [3] (it would grow it to [2, 3])",
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> x.mulInPlace(Tensor.zeros(4)));
        assertTrue(e.getMessage().startsWith("mulInPlace: shapes [3] and [4] do not broadcast"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> x.copyInPlace(Tensor.zeros(2, 3)));
    }

    // Dropping leading axes and setting sizes to 1 (what a bias or a per-row scale does) always broadcasts back.
    @Test
    void aShapeBroadcastsWithAnySquashedVersionOfItselfToItself() {
        forAll(rng -> {
            int[] sizes = Generators.shape(rng);
            return new int[][] {sizes, Generators.squashed(rng, sizes)};
        }, pair -> {
            Shape full = Shape.of(pair[0]);
            Shape squashed = Shape.of(pair[1]);
            assertEquals(full, Shape.broadcast(full, squashed, "add"));
            assertEquals(full, Shape.broadcast(squashed, full, "add"));
        });
    }
}

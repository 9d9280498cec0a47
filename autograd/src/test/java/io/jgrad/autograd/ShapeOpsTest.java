package io.jgrad.autograd;

import static io.jgrad.autograd.GradCheck.narrowed;
import static io.jgrad.autograd.GradCheck.transposed;
import static io.jgrad.autograd.GradCheck.uniform;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jgrad.core.Shape;
import io.jgrad.core.Tensor;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Movement ops only move elements, so their gradients must move each element of g back to exactly where it came
 * from. The weighted sum in {@link GradCheck} gives every output position its own weight, so a gradient sent to
 * the wrong place fails. Inputs are transposed or narrowed views, so the rules must not assume contiguity.
 */
class ShapeOpsTest {

    private static Tensor t(int... shape) {
        return uniform(Shape.of(shape).hashCode(), -1, 1, shape);
    }

    static Stream<Arguments> movements() {
        return Stream.of(
                Arguments.of("reshape of a transposed [3, 4] to [2, 6] (copies)", op(x -> x.reshape(2, 6)), transposed(t(3, 4))),
                Arguments.of("reshape of a narrowed [2, 3, 2] to [-1]", op(x -> x.reshape(-1)), narrowed(t(2, 3, 2))),
                Arguments.of("view of a contiguous [4, 3] as [-1, 2, 3]", op(x -> x.view(-1, 2, 3)), t(4, 3)),
                Arguments.of("transpose(0, 2) of a narrowed [2, 3, 4]", op(x -> x.transpose(0, 2)), narrowed(t(2, 3, 4))),
                Arguments.of("transpose(-1, -2) of a transposed [3, 4]", op(x -> x.transpose(-1, -2)), transposed(t(3, 4))),
                Arguments.of("permute(2, 0, 1) of a transposed [2, 3, 4]", op(x -> x.permute(2, 0, 1)), transposed(t(2, 3, 4))),
                Arguments.of("permute(-1, 0, 1) of a narrowed [2, 3, 4]", op(x -> x.permute(-1, 0, 1)), narrowed(t(2, 3, 4))),
                Arguments.of("narrow(1, 1, 2) of a transposed [3, 4]", op(x -> x.narrow(1, 1, 2)), transposed(t(3, 4))),
                Arguments.of("narrow(-1, 0, 1) of a narrowed [2, 3]", op(x -> x.narrow(-1, 0, 1)), narrowed(t(2, 3))),
                Arguments.of("select(1, 2) of a narrowed [2, 3, 4]", op(x -> x.select(1, 2)), narrowed(t(2, 3, 4))),
                Arguments.of("select(-1, 0) of a transposed [3, 4]", op(x -> x.select(-1, 0)), transposed(t(3, 4))),
                Arguments.of("squeeze(1) of a narrowed [3, 1, 4]", op(x -> x.squeeze(1)), narrowed(t(3, 1, 4))),
                Arguments.of("squeeze(-1) of a [3, 1]", op(x -> x.squeeze(-1)), t(3, 1)),
                Arguments.of("unsqueeze(0) of a transposed [3, 4]", op(x -> x.unsqueeze(0)), transposed(t(3, 4))),
                Arguments.of("unsqueeze(-1) of a narrowed [3, 4]", op(x -> x.unsqueeze(-1)), narrowed(t(3, 4))),
                Arguments.of("expand of [3, 1] to [2, 3, 4]", op(x -> x.expand(2, 3, 4)), t(3, 1)),
                Arguments.of("expand of a scalar to [2, 3]", op(x -> x.expand(2, 3)), t()),
                Arguments.of("expand of a narrowed [4] to [3, 4]", op(x -> x.expand(3, 4)), narrowed(t(4))),
                Arguments.of("reshape whose gradient arrives broadcast from a sum", op(x -> x.reshape(2, 6).sum(false, 1)), transposed(t(3, 4))),
                Arguments.of("a chain: permute, narrow, reshape, select",
                        op(x -> x.permute(1, 2, 0).narrow(0, 1, 2).reshape(2, 16).select(0, 1)), narrowed(t(4, 3, 4))));
    }

    private static UnaryOperator<Variable> op(UnaryOperator<Variable> op) {
        return op;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("movements")
    void everyMovementSendsEachGradientElementBackToWhereItCameFrom(String name, UnaryOperator<Variable> op, Tensor x) {
        GradCheck.check(name, xs -> op.apply(xs[0]), x);
    }

    @Test
    void concatAlongTheFirstAxisSplitsTheGradientBackIntoItsPieces() {
        GradCheck.check("concat(0)", xs -> ShapeOps.concat(0, xs), transposed(t(2, 3)), narrowed(t(1, 3)), t(4, 3));
    }

    @Test
    void concatAlongTheLastAxisSplitsTheGradientBackIntoItsPieces() {
        GradCheck.check("concat(-1)", xs -> ShapeOps.concat(-1, xs), narrowed(t(2, 3, 1)), transposed(t(2, 3, 2)));
    }

    @Test
    void concatOfAVariableWithItselfAddsBothSlicesOfTheGradient() {
        // y = [x, x]: each x_i appears twice, so dL/dx_i = g_i + g_(i+n).
        Variable x = Variable.leaf(Tensor.of(new float[] {1, 2}));
        try (Tape tape = Tape.open()) {
            tape.backward(ShapeOps.concat(0, x, x), Tensor.of(new float[] {1, 10, 100, 1000}));
        }
        assertArrayEquals(new float[] {101, 1010}, x.grad().toArray());
    }

    @Test
    void aConstantPieceOfAConcatGetsNoGradientAndTheOtherDoes() {
        Variable x = Variable.leaf(Tensor.ones(2));
        Variable c = Variable.constant(Tensor.ones(3));
        try (Tape tape = Tape.open()) {
            tape.backward(ShapeOps.concat(0, c, x).sum());
        }
        assertEquals(null, c.grad());
        assertArrayEquals(new float[] {1, 1}, x.grad().toArray());
    }

    @Test
    void narrowAndSelectGiveZeroGradientOutsideTheirSlice() {
        // dL/dx is g placed into zeros: elements that were not selected did not affect the output.
        Variable x = Variable.leaf(Tensor.arange(6).reshape(2, 3));
        try (Tape tape = Tape.open()) {
            tape.backward(x.narrow(1, 1, 2).select(0, 1), Tensor.of(new float[] {5, 7}));
        }
        assertArrayEquals(new float[] {0, 0, 0, 0, 5, 7}, x.grad().toArray());
    }
}

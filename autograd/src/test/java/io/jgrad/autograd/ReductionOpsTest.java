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
 * Sums and means: every input element feeds exactly one output with weight 1 (or 1/n), so the gradient is g
 * broadcast back over the reduced axes. Checked over all axes, one axis, several axes and negative axes, with and
 * without keepDim, on transposed and narrowed inputs.
 */
class ReductionOpsTest {

    private static Tensor t(int... shape) {
        return uniform(Shape.of(shape).hashCode(), -1, 1, shape);
    }

    private static UnaryOperator<Variable> op(UnaryOperator<Variable> op) {
        return op;
    }

    static Stream<Arguments> reductions() {
        return Stream.of(
                Arguments.of("sum of all elements of a transposed [3, 4]", op(Variable::sum), transposed(t(3, 4))),
                Arguments.of("sum over axis 0 of a narrowed [2, 3, 4]", op(x -> x.sum(false, 0)), narrowed(t(2, 3, 4))),
                Arguments.of("sum over axis 0, keepDim", op(x -> x.sum(true, 0)), narrowed(t(2, 3, 4))),
                Arguments.of("sum over axes 0 and 2 of a transposed [2, 3, 4]", op(x -> x.sum(false, 0, 2)), transposed(t(2, 3, 4))),
                Arguments.of("sum over axes 0 and 2, keepDim", op(x -> x.sum(true, 0, 2)), transposed(t(2, 3, 4))),
                Arguments.of("sum over axis -1 of a transposed [3, 4]", op(x -> x.sum(false, -1)), transposed(t(3, 4))),
                Arguments.of("sum over every axis, keepDim", op(x -> x.sum(true, 0, 1)), narrowed(t(3, 4))),
                Arguments.of("mean of all elements of a narrowed [2, 3, 4]", op(Variable::mean), narrowed(t(2, 3, 4))),
                Arguments.of("mean over axis 1 of a transposed [3, 4]", op(x -> x.mean(false, 1)), transposed(t(3, 4))),
                Arguments.of("mean over axis 1, keepDim", op(x -> x.mean(true, 1)), transposed(t(3, 4))),
                Arguments.of("mean over axes 1 and 2 of a narrowed [2, 3, 4]", op(x -> x.mean(false, 1, 2)), narrowed(t(2, 3, 4))),
                Arguments.of("mean over axes -1 and 0, keepDim", op(x -> x.mean(true, -1, 0)), narrowed(t(2, 3, 4))),
                Arguments.of("sum of a scalar", op(Variable::sum), t()),
                Arguments.of("sum of a square, so the broadcast gradient meets a nonlinear rule",
                        op(x -> x.square().sum(false, 1).mean()), transposed(t(3, 4))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("reductions")
    void everyReductionMatchesCentralDifferences(String name, UnaryOperator<Variable> op, Tensor x) {
        GradCheck.check(name, xs -> op.apply(xs[0]), x);
    }

    @Test
    void reducedAxesAreDroppedOrKeptAsPyTorchDoes() {
        Variable x = Variable.constant(Tensor.zeros(2, 3, 4));
        assertEquals(Shape.of(), x.sum().shape());
        assertEquals(Shape.of(3), x.sum(false, 0, 2).shape());
        assertEquals(Shape.of(1, 3, 1), x.sum(true, 0, 2).shape());
        assertEquals(Shape.of(2, 3), x.mean(false, -1).shape());
        assertEquals(Shape.of(1, 1, 1), x.mean(true, 0, 1, 2).shape());
    }

    @Test
    void theGradientOfAMeanIsOneOverTheNumberOfElementsFoldedIntoEachResult() {
        // mean over axis 1 of [2, 4]: each output averages 4 inputs, so each input receives g / 4.
        Variable x = Variable.leaf(Tensor.zeros(2, 4));
        try (Tape tape = Tape.open()) {
            tape.backward(x.mean(false, 1), Tensor.of(new float[] {4, 8}));
        }
        assertArrayEquals(new float[] {1, 1, 1, 1, 2, 2, 2, 2}, x.grad().toArray());
    }

    @Test
    void theMeanOfAllElementsHasTheValueAndGradientOfTheDefinition() {
        Variable x = Variable.leaf(Tensor.of(new float[] {1, 2, 3, 6}, 2, 2));
        Variable mean;
        try (Tape tape = Tape.open()) {
            mean = x.mean();
            tape.backward(mean);
        }
        assertEquals(3f, mean.value().item());
        assertArrayEquals(new float[] {0.25f, 0.25f, 0.25f, 0.25f}, x.grad().toArray());
    }
}

package io.jgrad.autograd;

import static io.jgrad.autograd.GradCheck.awayFrom;
import static io.jgrad.autograd.GradCheck.narrowed;
import static io.jgrad.autograd.GradCheck.transposed;
import static io.jgrad.autograd.GradCheck.uniform;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jgrad.core.Shape;
import io.jgrad.core.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every elementwise op against central differences. Each one-input op runs on a transposed view and on a narrowed
 * view of a rank-3 tensor; each two-input op on strided operands of one shape and on shapes that broadcast, where
 * the gradient of the smaller operand must be summed back over the axes it was repeated along.
 */
class ElementwiseOpsTest {

    /** One row per op: its name, the op, and the range its input is drawn from (kept clear of kinks and poles). */
    static Stream<Arguments> unaryOps() {
        List<Object[]> ops = List.of(
                row("neg", Variable::neg, -2, 2),
                row("exp", Variable::exp, -1.5, 1.5),
                row("log of positive inputs", Variable::log, 0.5, 3),
                row("sqrt of positive inputs", Variable::sqrt, 0.5, 3),
                row("square", Variable::square, -2, 2),
                row("abs away from 0", Variable::abs, -2, 2, 0.0),
                row("relu away from 0", Variable::relu, -2, 2, 0.0),
                row("sigmoid", Variable::sigmoid, -3, 3),
                row("tanh", Variable::tanh, -2, 2),
                row("clamp(-0.5, 0.7) away from its bounds", x -> x.clamp(-0.5f, 0.7f), -1.5, 1.5, -0.5, 0.7),
                row("add a scalar", x -> x.add(1.5f), -2, 2),
                row("mul by a scalar", x -> x.mul(-2.5f), -2, 2),
                row("pow 3", x -> x.pow(3f), -2, 2),
                row("pow -1.5 of positive inputs", x -> x.pow(-1.5f), 0.5, 2),
                row("pow 0.5 of positive inputs", x -> x.pow(0.5f), 0.5, 2));
        List<Arguments> cases = new ArrayList<>();
        for (Object[] op : ops) {
            Tensor base = (Tensor) op[2];
            cases.add(Arguments.of(op[0] + " on a transposed [3, 4]", op[1], transposed(base.reshape(3, 4))));
            cases.add(Arguments.of(op[0] + " on a narrowed [2, 3, 2]", op[1], narrowed(base.reshape(2, 3, 2))));
        }
        return cases.stream();
    }

    private static Object[] row(String name, UnaryOperator<Variable> op, double low, double high, double... kinks) {
        Tensor values = awayFrom(uniform(name.hashCode(), low, high, 12), 0.1, kinks);
        return new Object[] {name, op, values};
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unaryOps")
    void everyOneInputOpMatchesCentralDifferences(String name, UnaryOperator<Variable> op, Tensor x) {
        GradCheck.check(name, xs -> op.apply(xs[0]), x);
    }

    interface BinaryOp {
        Variable apply(Variable a, Variable b);
    }

    /** Pairs of operand shapes and layouts: equal and strided, one side broadcast, both sides broadcast, a scalar. */
    static Stream<Arguments> binaryOps() {
        List<Object[]> ops = List.of(
                new Object[] {"add", (BinaryOp) Variable::add},
                new Object[] {"sub", (BinaryOp) Variable::sub},
                new Object[] {"mul", (BinaryOp) Variable::mul},
                new Object[] {"div with denominators away from 0", (BinaryOp) Variable::div});
        List<Arguments> cases = new ArrayList<>();
        for (Object[] op : ops) {
            cases.add(Arguments.of(op[0] + ": transposed [3, 4] and narrowed [3, 4]", op[1],
                    transposed(left(3, 4)), narrowed(right(3, 4))));
            cases.add(Arguments.of(op[0] + ": [2, 3, 4] and a narrowed [4] broadcast over two axes", op[1],
                    left(2, 3, 4), narrowed(right(4))));
            cases.add(Arguments.of(op[0] + ": [3, 1] and [1, 4], both broadcast", op[1], left(3, 1), right(1, 4)));
            cases.add(Arguments.of(op[0] + ": a scalar [] and a transposed [2, 3]", op[1],
                    left(), transposed(right(2, 3))));
            cases.add(Arguments.of(op[0] + ": transposed [4, 3] and [2, 1, 3]", op[1],
                    transposed(left(4, 3)), right(2, 1, 3)));
        }
        return cases.stream();
    }

    private static Tensor left(int... shape) {
        return uniform(Shape.of(shape).hashCode(), -2, 2, shape);
    }

    /** Right operands double as denominators, so they stay at least 0.5 away from 0. */
    private static Tensor right(int... shape) {
        Tensor t = uniform(Shape.of(shape).hashCode() + 1, -2, 2, shape);
        return awayFrom(t, 0.5, 0);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("binaryOps")
    void everyTwoInputOpMatchesCentralDifferences(String name, BinaryOp op, Tensor a, Tensor b) {
        GradCheck.check(name, xs -> op.apply(xs[0], xs[1]), a, b);
    }

    @Test
    void aBroadcastOperandsGradientIsTheSumOverTheAxesItWasRepeatedAlong() {
        // a [2, 3] + b [3]: each b_j fed two outputs, so with dL/dz = 1 everywhere, dL/db_j = 2.
        Variable a = Variable.leaf(Tensor.zeros(2, 3));
        Variable b = Variable.leaf(Tensor.zeros(3));
        try (Tape tape = Tape.open()) {
            tape.backward(a.add(b).sum());
        }
        assertEquals(Shape.of(3), b.grad().shape());
        assertArrayEquals(new float[] {2, 2, 2}, b.grad().toArray());
        assertArrayEquals(new float[] {1, 1, 1, 1, 1, 1}, a.grad().toArray());
    }

    @Test
    void theKinksTakePyTorchsOneSidedChoices() {
        // At exactly 0, relu' = 0 and |x|' = 0; clamp passes the gradient at its bounds. These are conventions,
        // not derivatives, so central differences cannot check them: the golden edge cases also do.
        Variable x = Variable.leaf(Tensor.of(new float[] {-1, 0, 1}));
        try (Tape tape = Tape.open()) {
            tape.backward(x.relu().add(x.abs()).add(x.clamp(-1f, 1f)).sum());
        }
        assertArrayEquals(new float[] {0 - 1 + 1, 0 + 0 + 1, 1 + 1 + 1}, x.grad().toArray());
    }
}

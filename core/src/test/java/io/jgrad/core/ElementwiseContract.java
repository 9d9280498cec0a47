package io.jgrad.core;

import static io.jgrad.core.Properties.forAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/**
 * The backend contract, elementwise part: every {@link UnaryOp} and {@link BinaryOp} against its formula in double
 * precision, on strided (permuted, narrowed, offset) and broadcast (stride 0) inputs, in their plain, scalar and
 * in-place forms. An in-place op must write exactly the destination view's positions and nothing else.
 */
public abstract class ElementwiseContract extends ContractSupport {
    record BinaryCase(Strided left, Strided right, Generators.Expanded small) {
    }

    record InPlaceCase(Strided destination, Generators.Expanded source) {
    }

    /** A scalar form such as {@code x.add(1.5f)}, meaning {@code op(x, scalar)}. */
    record ScalarOp(BinaryOp op, float scalar, BiFunction<Tensor, Float, Tensor> apply) {
        @Override
        public String toString() {
            return op + " " + scalar;
        }
    }

    static final Set<BinaryOp> COMPARISONS = EnumSet.of(BinaryOp.EQ, BinaryOp.NE, BinaryOp.LT, BinaryOp.LE,
            BinaryOp.GT, BinaryOp.GE);

    static final List<ScalarOp> SCALAR_OPS = List.of(
            new ScalarOp(BinaryOp.ADD, 1.5f, Tensor::add), new ScalarOp(BinaryOp.SUB, 0.75f, Tensor::sub),
            new ScalarOp(BinaryOp.MUL, -2f, Tensor::mul), new ScalarOp(BinaryOp.DIV, 3f, Tensor::div),
            new ScalarOp(BinaryOp.POW, 2f, Tensor::pow), new ScalarOp(BinaryOp.POW, 0.5f, Tensor::pow),
            new ScalarOp(BinaryOp.MAXIMUM, 0.25f, Tensor::maximum),
            new ScalarOp(BinaryOp.MINIMUM, -0.5f, Tensor::minimum),
            new ScalarOp(BinaryOp.EQ, 0.5f, Tensor::eq), new ScalarOp(BinaryOp.LT, 0.25f, Tensor::lt),
            new ScalarOp(BinaryOp.LE, 0.25f, Tensor::le), new ScalarOp(BinaryOp.GT, -0.5f, Tensor::gt),
            new ScalarOp(BinaryOp.GE, -0.5f, Tensor::ge));

    static final Map<BinaryOp, BiFunction<Tensor, Tensor, Tensor>> IN_PLACE = Map.of(
            BinaryOp.ADD, Tensor::addInPlace, BinaryOp.SUB, Tensor::subInPlace, BinaryOp.MUL, Tensor::mulInPlace,
            BinaryOp.DIV, Tensor::divInPlace, BinaryOp.MAXIMUM, (x, y) -> x.zipInPlace(BinaryOp.MAXIMUM, y),
            BinaryOp.MINIMUM, (x, y) -> x.zipInPlace(BinaryOp.MINIMUM, y));

    static final List<ScalarOp> SCALAR_IN_PLACE = List.of(
            new ScalarOp(BinaryOp.ADD, 1.5f, Tensor::addInPlace), new ScalarOp(BinaryOp.SUB, 0.75f, Tensor::subInPlace),
            new ScalarOp(BinaryOp.MUL, -2f, Tensor::mulInPlace), new ScalarOp(BinaryOp.DIV, 3f, Tensor::divInPlace),
            new ScalarOp(BinaryOp.POW, 2f, (x, c) -> x.zipInPlace(BinaryOp.POW, Tensor.of(x.backend(), new float[] {c}))));

    /** Each unary op's math in double precision, written out here rather than taken from {@link UnaryOp#apply}. */
    static double reference(UnaryOp op, double x) {
        return switch (op) {
            case NEG -> -x;
            case EXP -> Math.exp(x);
            case LOG -> Math.log(x);
            case SQRT -> Math.sqrt(x);
            case SQUARE -> x * x;
            case ABS -> Math.abs(x);
            case SIGN -> Math.signum(x);
            case RELU -> x > 0 ? x : 0;
            case SIGMOID -> 1 / (1 + Math.exp(-x));
            case TANH -> Math.tanh(x);
            case RECIPROCAL -> 1 / x;
        };
    }

    /** Each binary op's math in double precision; comparisons give 1 where true, 0 where false. */
    static double reference(BinaryOp op, double a, double b) {
        return switch (op) {
            case ADD -> a + b;
            case SUB -> a - b;
            case MUL -> a * b;
            case DIV -> a / b;
            case POW -> Math.pow(a, b);
            case MAXIMUM -> Math.max(a, b);
            case MINIMUM -> Math.min(a, b);
            case EQ -> a == b ? 1 : 0;
            case NE -> a != b ? 1 : 0;
            case LT -> a < b ? 1 : 0;
            case LE -> a <= b ? 1 : 0;
            case GT -> a > b ? 1 : 0;
            case GE -> a >= b ? 1 : 0;
        };
    }

    static double tolerance(UnaryOp op) {
        return switch (op) {
            case EXP, LOG, SIGMOID, TANH -> TRANSCENDENTAL;
            default -> REL;
        };
    }

    static double tolerance(BinaryOp op) {
        return switch (op) {
            case POW -> TRANSCENDENTAL;
            default -> REL;
        };
    }

    /** Moves values from [-2, 2] into the op's domain: positive for log and sqrt, away from 0 for 1/x. */
    static float[] intoDomain(UnaryOp op, float[] values) {
        float[] out = values.clone();
        for (int i = 0; i < out.length; i++) {
            float v = values[i];
            out[i] = switch (op) {
                case LOG, SQRT -> Math.abs(v) + 0.05f;
                case RECIPROCAL -> v < 0 ? v - 0.1f : v + 0.1f;
                default -> v;
            };
        }
        return out;
    }

    /** Left operands of pow are made positive: a negative base with a fractional exponent has no real power. */
    static float[] leftDomain(BinaryOp op, float[] values) {
        float[] out = values.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] = switch (op) {
                case POW -> Math.abs(out[i]) + 0.25f;
                default -> out[i];
            };
        }
        return out;
    }

    /** Divisors of 0 are replaced by 1. */
    static float[] rightDomain(BinaryOp op, float[] values) {
        float[] out = values.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] = switch (op) {
                case DIV -> out[i] == 0 ? 1 : out[i];
                default -> out[i];
            };
        }
        return out;
    }

    /** A strided recipe holding multiples of 1/4: exact in float, and ties for the comparisons are common. */
    static Strided onGrid(Rng rng, int... sizes) {
        Strided s = Generators.strided(rng, sizes);
        return s.withStorage(Generators.grid(rng, s.storage().length));
    }

    @Test
    void everyUnaryOpMatchesItsFormulaOnStridedAndBroadcastInputs() {
        forAll(CASES, rng -> Generators.input(rng, Generators.shape(rng)), input -> {
            for (UnaryOp op : UnaryOp.values()) {
                Generators.Expanded in = input.withStorage(intoDomain(op, input.source().storage()));
                Tensor x = tensor(in);
                Tensor y = x.map(op);
                assertShape(y, in.target());
                assertClose(apply(op, in.values()), y.toArray(), tolerance(op), op.name());
                assertArrayEquals(toFloats(in.values()), x.toArray(), op + " must not write its input");
            }
        });
    }

    private static double[] apply(UnaryOp op, double[] values) {
        double[] out = new double[values.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = reference(op, values[i]);
        }
        return out;
    }

    // sign(0) is 0, so a mask made from it does not count zeros; relu(0) is 0.
    @Test
    void signReluAndAbsOnBothSidesOfZero() {
        Tensor x = tensor(new float[] {-3f, 0f, 2f}, 3);
        assertArrayEquals(new float[] {-1, 0, 1}, x.sign().toArray());
        assertArrayEquals(new float[] {0, 0, 2}, x.relu().toArray());
        assertArrayEquals(new float[] {3, 0, 2}, x.abs().toArray());
    }

    // NOTE: e^x / (1 + e^x) is inf / inf = NaN at x = 1000, and 1 / (1 + e^-x) is fine there but overflows e^-x at
    // x = -1000 (harmless: 1 / inf = 0). A backend must use the branch that cannot give NaN; the limits are exact.
    @Test
    void sigmoidIsStableAtLargeMagnitudes() {
        float[] y = tensor(new float[] {-1000, -100, 0, 100, 1000}, 5).sigmoid().toArray();
        for (float v : y) {
            assertFalse(Float.isNaN(v), "NaN in " + Arrays.toString(y));
        }
        assertTrue(y[0] == 0f && y[1] >= 0f && y[1] < 1e-40f, "sigmoid(-1000) and sigmoid(-100) round to 0");
        assertEquals(0.5f, y[2]);
        assertTrue(y[3] == 1f && y[4] == 1f, "sigmoid(100) and sigmoid(1000) round to 1");
        assertArrayEquals(new float[] {-1, 1}, tensor(new float[] {-1000, 1000}, 2).tanh().toArray());
    }

    // Operands: two strided tensors of one shape, and a smaller one that broadcasts on either side.
    @Test
    void everyBinaryOpMatchesItsFormulaOnStridedAndBroadcastOperands() {
        forAll(CASES, rng -> {
            int[] shape = Generators.shape(rng);
            Generators.Expanded small = Generators.expanded(rng, shape);
            small = small.withStorage(Generators.grid(rng, small.source().storage().length));
            return new BinaryCase(onGrid(rng, shape), onGrid(rng, shape), small);
        }, c -> {
            for (BinaryOp op : BinaryOp.values()) {
                Strided a = c.left().withStorage(leftDomain(op, c.left().storage()));
                Strided b = c.right().withStorage(rightDomain(op, c.right().storage()));
                Strided smallLeft = c.small().source().withStorage(leftDomain(op, c.small().source().storage()));
                Strided smallRight = c.small().source().withStorage(rightDomain(op, c.small().source().storage()));
                int[] shape = c.left().sizes();
                check(op, a.values(), b.values(), tensor(a).zip(op, tensor(b)), "strided and strided");
                check(op, a.values(), Naive.broadcast(smallRight.values(), smallRight.sizes(), shape),
                        tensor(a).zip(op, tensor(smallRight)), "strided and broadcast");
                check(op, Naive.broadcast(smallLeft.values(), smallLeft.sizes(), shape), b.values(),
                        tensor(smallLeft).zip(op, tensor(b)), "broadcast and strided");
            }
        });
    }

    private static void check(BinaryOp op, double[] a, double[] b, Tensor result, String what) {
        double[] expected = new double[a.length];
        for (int i = 0; i < expected.length; i++) {
            expected[i] = reference(op, a[i], b[i]);
        }
        assertEquals(a.length, result.numel(), op + " on " + what + ": number of elements");
        float[] actual = result.toArray();
        assertClose(expected, actual, tolerance(op), op + " on " + what);
        for (int i = 0; i < actual.length && COMPARISONS.contains(op); i++) {
            assertTrue(actual[i] == 0f || actual[i] == 1f, op + " gave " + actual[i] + ", not a 0/1 mask");
        }
    }

    @Test
    void comparisonsGiveExactMasksIncludingTies() {
        Tensor a = tensor(new float[] {1, 2, 3}, 3);
        Tensor b = tensor(new float[] {2, 2, 2}, 3);
        assertArrayEquals(new float[] {0, 1, 0}, a.eq(b).toArray());
        assertArrayEquals(new float[] {1, 0, 1}, a.ne(b).toArray());
        assertArrayEquals(new float[] {1, 0, 0}, a.lt(b).toArray());
        assertArrayEquals(new float[] {1, 1, 0}, a.le(b).toArray());
        assertArrayEquals(new float[] {0, 0, 1}, a.gt(b).toArray());
        assertArrayEquals(new float[] {0, 1, 1}, a.ge(b).toArray());
    }

    // x.add(1.5f) is x.add(a rank-0 tensor on the same backend), broadcast over every element.
    @Test
    void scalarFormsApplyTheScalarToEveryElement() {
        forAll(CASES, rng -> onGrid(rng, Generators.shape(rng)), s -> {
            for (ScalarOp scalar : SCALAR_OPS) {
                Strided x = s.withStorage(leftDomain(scalar.op(), s.storage()));
                double[] right = new double[x.numel()];
                Arrays.fill(right, scalar.scalar());
                Tensor result = scalar.apply().apply(tensor(x), scalar.scalar());
                assertShape(result, x.sizes());
                check(scalar.op(), x.values(), right, result, "a tensor and the scalar " + scalar.scalar());
            }
        });
    }

    // x.addInPlace(y) with x a view must update x's positions in the shared storage and no other, whatever the
    // strides, with y broadcast into x's shape; it returns x itself.
    @Test
    void inPlaceOpsWriteExactlyTheDestinationsPositions() {
        forAll(CASES, rng -> {
            int[] shape = Generators.shape(rng);
            Generators.Expanded source = Generators.input(rng, shape);
            source = source.withStorage(Generators.grid(rng, source.source().storage().length));
            return new InPlaceCase(onGrid(rng, shape), source);
        }, c -> {
            IN_PLACE.forEach((op, apply) -> {
                Strided destination = c.destination().withStorage(leftDomain(op, c.destination().storage()));
                Generators.Expanded source = c.source().withStorage(rightDomain(op, c.source().source().storage()));
                double[] y = source.values();
                Tensor x = tensor(destination);
                assertSame(x, apply.apply(x, tensor(source.source())));
                assertClose(storageAfter(destination, (i, old) -> reference(op, old, y[i])), storageOf(x),
                        tolerance(op), op + " in place");
            });
            for (ScalarOp scalar : SCALAR_IN_PLACE) {
                Strided destination = c.destination().withStorage(leftDomain(scalar.op(), c.destination().storage()));
                Tensor x = tensor(destination);
                assertSame(x, scalar.apply().apply(x, scalar.scalar()));
                assertClose(storageAfter(destination, (i, old) -> reference(scalar.op(), old, scalar.scalar())),
                        storageOf(x), tolerance(scalar.op()), scalar + " in place");
            }
        });
    }

    @Test
    void unaryInPlaceOpsWriteExactlyTheDestinationsPositions() {
        forAll(CASES, Generators::strided, s -> {
            for (UnaryOp op : UnaryOp.values()) {
                Strided destination = s.withStorage(intoDomain(op, s.storage()));
                Tensor x = tensor(destination);
                assertSame(x, x.mapInPlace(op));
                assertClose(storageAfter(destination, (i, old) -> reference(op, old)), storageOf(x),
                        tolerance(op), op + " in place");
            }
        });
    }

    // The one aliasing the contract allows: an in-place op whose operand is its destination, same layout.
    @Test
    void anInPlaceOpMayReadItsOwnDestination() {
        forAll(CASES, Generators::strided, s -> {
            Tensor x = tensor(s);
            x.mulInPlace(x);
            assertClose(storageAfter(s, (i, old) -> old * old), storageOf(x), REL, "x *= x");
        });
    }

    @Test
    void clampLimitsEveryElementToTheRange() {
        forAll(CASES, rng -> Generators.input(rng, Generators.shape(rng)), in -> {
            double[] expected = in.values();
            for (int i = 0; i < expected.length; i++) {
                expected[i] = Math.min(Math.max(expected[i], -0.5), 1.25);
            }
            Tensor y = tensor(in).clamp(-0.5f, 1.25f);
            assertShape(y, in.target());
            assertArrayEquals(toFloats(expected), y.toArray());
        });
    }
}

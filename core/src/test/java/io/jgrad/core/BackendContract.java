package io.jgrad.core;

import static io.jgrad.core.Properties.forAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The contract every {@link Backend} keeps, run by each backend's test:
 *
 * <pre>
 * class FastCpuBackendTest extends BackendContract {
 *     protected Backend backend() { return new FastCpuBackend(); }
 * }
 * </pre>
 *
 * The suite is split into parts, each an abstract class extending the one before, only to keep files short:
 * {@link ContractSupport} (helpers), {@link ElementwiseContract}, {@link FusedContract}, {@link ReductionContract},
 * {@link MatmulContract}, and this last part: copies, fills, joining, rank-0 and empty tensors, and errors.
 */
public abstract class BackendContract extends MatmulContract {
    record Pieces(Strided[] pieces, int axis) {
    }

    record Copy(Strided destination, Strided source) {
    }

    // toArray is how every other test reads results, so it is checked on its own against the hand-read values.
    @Test
    void toArrayReadsStridedAndBroadcastTensorsInRowMajorOrder() {
        forAll(CASES, rng -> Generators.input(rng, Generators.shape(rng)),
                in -> assertArrayEquals(toFloats(in.values()), tensor(in).toArray()));
    }

    // fromWriter hands the writer an array of exactly the tensor's length, in ranges of whole rows that cover it once
    // (a backend may hand them to several threads), and the tensor holds what was written.
    @Test
    void aTensorFromAWriterHoldsWhatTheWriterWroteInRowMajorOrder() {
        for (int[] shape : new int[][] {{2, 3}, {600, 250}, {7}, {}}) {
            int n = Shape.of(shape).numel();
            int row = shape.length == 0 ? 1 : shape[shape.length - 1];
            int[] writes = new int[n];
            Tensor x = Tensor.fromWriter(backend(), (out, from, to) -> {
                assertEquals(n, out.length);
                assertTrue(from % row == 0 && (to % row == 0 || to == n),
                        "range [" + from + ", " + to + ") of rows of " + row);
                for (int i = from; i < to; i++) {
                    out[i] = 10 * (i / row) + i % row;
                    writes[i]++;
                }
            }, shape);
            assertEquals(Shape.of(shape), x.shape());
            float[] expected = new float[n];
            for (int i = 0; i < n; i++) {
                expected[i] = 10 * (i / row) + i % row;
                assertEquals(1, writes[i], "element " + i + " written once");
            }
            assertArrayEquals(expected, x.toArray(), Arrays.toString(shape));
        }
    }

    // A backend may draw normals on several threads, each part from its own point of the generator: the numbers,
    // and where the generator is left, are those of Rng.normal on one thread.
    @Test
    void normalDrawsAreRngNormalsInRowMajorOrderAndMoveTheGeneratorAsFar() {
        for (int[] shape : new int[][] {{256, 20}, {3001}, {2, 0}, {}}) {
            Rng serial = new Rng(11);
            Rng drawn = new Rng(11);
            float[] expected = serial.normal(Shape.of(shape).numel(), 0.5f, 2f);
            Tensor x = Tensor.normal(backend(), drawn, 0.5f, 2f, shape);
            assertEquals(Shape.of(shape), x.shape());
            assertArrayEquals(expected, x.toArray(), Arrays.toString(shape));
            assertEquals(serial.state(), drawn.state(), Arrays.toString(shape));
        }
    }

    @Test
    void copyGivesANewContiguousTensorWithTheSameValues() {
        forAll(CASES, rng -> Generators.input(rng, Generators.shape(rng)), in -> {
            Tensor x = tensor(in);
            Tensor copy = x.copy();
            assertTrue(copy.isContiguous());
            assertNotSame(x.storage(), copy.storage());
            assertEquals(x.shape(), copy.shape());
            assertArrayEquals(toFloats(in.values()), copy.toArray());
            Tensor contiguous = x.contiguous();
            assertArrayEquals(toFloats(in.values()), contiguous.toArray());
            if (x.isContiguous()) {
                assertSame(x, contiguous);
            }
        });
    }

    @Test
    void fillWritesEveryElementOfAViewAndNothingElse() {
        forAll(CASES, Generators::strided, s -> {
            Tensor x = tensor(s);
            assertSame(x, x.fillInPlace(3.5f));
            assertArrayEquals(toFloats(storageAfter(s, (i, old) -> 3.5)), storageOf(x));
        });
    }

    @Test
    void copyInPlaceBroadcastsItsSourceIntoAView() {
        forAll(CASES, rng -> {
            int[] shape = Generators.shape(rng);
            return new Copy(Generators.strided(rng, shape), Generators.strided(rng, Generators.squashed(rng, shape)));
        }, c -> {
            Strided destination = c.destination();
            Strided source = c.source();
            double[] values = Naive.broadcast(source.values(), source.sizes(), destination.sizes());
            Tensor x = tensor(destination);
            assertSame(x, x.copyInPlace(tensor(source)));
            assertArrayEquals(toFloats(storageAfter(destination, (i, old) -> values[i])), storageOf(x));
        });
    }

    /** Two or three strided pieces of rank 1-3 that agree on every size but the one along {@code axis}. */
    static Pieces joinable(Rng rng, boolean sameShape) {
        int[] shape = Generators.shape(rng, 1, 3, 4);
        int axis = rng.nextInt(shape.length);
        Strided[] pieces = new Strided[rng.nextInt(2, 4)];
        for (int i = 0; i < pieces.length; i++) {
            int[] sizes = shape.clone();
            sizes[axis] = sameShape ? sizes[axis] : rng.nextInt(1, 4);
            pieces[i] = Generators.strided(rng, sizes);
        }
        return new Pieces(pieces, rng.nextBoolean() ? axis : axis - shape.length);
    }

    // concat copies each piece into its own stretch of the result along the axis.
    @Test
    void concatJoinsPiecesAlongAnyAxis() {
        forAll(CASES, rng -> joinable(rng, false), p -> {
            int rank = p.pieces()[0].sizes().length;
            int axis = p.axis() < 0 ? p.axis() + rank : p.axis();
            int[] sizes = p.pieces()[0].sizes().clone();
            sizes[axis] = 0;
            for (Strided piece : p.pieces()) {
                sizes[axis] += piece.sizes()[axis];
            }
            double[] expected = new double[Naive.numel(sizes)];
            int[] index = new int[rank];
            for (int i = 0; i < expected.length; i++) {
                int[] within = index.clone();
                int piece = 0;
                while (within[axis] >= p.pieces()[piece].sizes()[axis]) {
                    within[axis] -= p.pieces()[piece++].sizes()[axis];
                }
                expected[i] = p.pieces()[piece].storage()[p.pieces()[piece].position(within)];
                Naive.next(index, sizes);
            }
            Tensor joined = Joining.concat(p.axis(), tensors(p.pieces()));
            assertShape(joined, sizes);
            assertArrayEquals(toFloats(expected), joined.toArray());
        });
    }

    // stack puts piece number t at index t of a new axis, which may also come after the last axis.
    @Test
    void stackJoinsPiecesAlongANewAxis() {
        forAll(CASES, rng -> {
            Strided[] pieces = joinable(rng, true).pieces();
            int rank = pieces[0].sizes().length;
            int axis = rng.nextInt(rank + 1);
            return new Pieces(pieces, rng.nextBoolean() ? axis : axis - rank - 1);
        }, p -> {
            int[] shape = p.pieces()[0].sizes();
            int axis = p.axis() < 0 ? p.axis() + shape.length + 1 : p.axis();
            int[] sizes = new int[shape.length + 1];
            for (int i = 0, j = 0; i < sizes.length; i++) {
                sizes[i] = i == axis ? p.pieces().length : shape[j++];
            }
            double[] expected = new double[Naive.numel(sizes)];
            int[] index = new int[sizes.length];
            for (int i = 0; i < expected.length; i++) {
                int[] within = new int[shape.length];
                for (int a = 0, j = 0; a < sizes.length; a++) {
                    if (a != axis) {
                        within[j++] = index[a];
                    }
                }
                Strided piece = p.pieces()[index[axis]];
                expected[i] = piece.storage()[piece.position(within)];
                Naive.next(index, sizes);
            }
            Tensor stacked = Joining.stack(p.axis(), tensors(p.pieces()));
            assertShape(stacked, sizes);
            assertArrayEquals(toFloats(expected), stacked.toArray());
        });
    }

    private Tensor[] tensors(Strided[] pieces) {
        Tensor[] out = new Tensor[pieces.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = tensor(pieces[i]);
        }
        return out;
    }

    // A rank-0 tensor is a number: shape [], one element, and it broadcasts against anything.
    @Test
    void rankZeroTensorsBehaveLikeNumbers() {
        Tensor s = tensor(new float[] {2.5f});  // one value and no shape: rank 0
        assertShape(s);
        assertEquals(2.5f, s.item());
        assertEquals(1, s.toArray().length);
        assertEquals(Math.exp(2.5), s.exp().item(), 1e-3);
        assertEquals(6.25f, s.mul(s).item());
        assertArrayEquals(new float[] {3.5f, 4.5f}, s.add(tensor(new float[] {1, 2}, 2)).toArray());
        assertEquals(2.5f, s.sum().item());
        assertEquals(2.5f, s.mean().item());
        assertEquals(2.5f, s.max().item());
        assertShape(s.sum());
        assertEquals(2.5f, s.copy().item());
        assertEquals(-1f, s.fillInPlace(-1f).item());
        assertShape(Joining.stack(0, s, s), 2);
        assertEquals(0f, Tensor.zeros(backend()).item());
    }

    // Empty tensors (a size of 0) give empty results, sums of nothing are 0, and a max of nothing is an error.
    @Test
    void emptyTensorsGiveEmptyResults() {
        Tensor e = Tensor.zeros(backend(), 0, 3);
        assertEquals(0, e.toArray().length);
        assertShape(e.add(1f), 0, 3);
        assertShape(e.copy(), 0, 3);
        assertArrayEquals(new float[3], e.sum(false, 0).toArray());
        assertEquals(0f, e.sum().item());
        assertShape(e.sum(true, 1), 0, 1);
        assertShape(e.t().matmul(e), 3, 3);
        assertArrayEquals(new float[9], e.t().matmul(e).toArray());
        Tensor joined = Joining.concat(0, e, tensor(new float[] {1, 2, 3}, 1, 3));
        assertArrayEquals(new float[] {1, 2, 3}, joined.toArray());
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> e.max(false, 0));
        assertEquals("max: axis 0 of shape [0, 3] is empty", error.getMessage());
    }

    // Every misuse fails in Tensor or Layout, before any kernel runs, with a message saying what did not fit;
    // none may surface as an ArrayIndexOutOfBoundsException from deep inside a loop.
    @Test
    void shapeErrorsAreExplainedAndNeverAnArrayIndexOutOfBounds() {
        Tensor x = Tensor.zeros(backend(), 2, 3);
        Map<String, Executable> misuses = new LinkedHashMap<>();
        misuses.put("add: shapes [2, 3] and [4]", () -> x.add(Tensor.zeros(backend(), 4)));
        misuses.put("concat along axis 1: shapes [2, 3] and [3, 3] differ along axis 0",
                () -> Joining.concat(1, x, Tensor.zeros(backend(), 3, 3)));
        misuses.put("have different ranks", () -> Joining.concat(0, x, Tensor.zeros(backend(), 3)));
        misuses.put("stack: shapes [2, 3] and [3, 2] differ", () -> Joining.stack(0, x, Tensor.zeros(backend(), 3, 2)));
        misuses.put("view: shape [2, 3] has 6 elements but [4] has 4", () -> x.view(4));
        misuses.put("permute: order [0] does not match shape [2, 3]", () -> x.permute(0));
        misuses.put("repeats axis 0", () -> x.permute(0, 0));
        misuses.put("index 5 is out of range for axis 1 of size 3", () -> x.select(1, 5));
        misuses.put("squeeze: axis 0 of shape [2, 3] has size 2, not 1", () -> x.squeeze(0));
        misuses.put("expand: shape [2, 3] cannot expand to [2, 4]", () -> x.expand(2, 4));
        misuses.put("has 1 coordinates but shape [2, 3] has rank 2", () -> x.get(1));
        misuses.put("index 2 is out of range for axis 0 of size 2", () -> x.get(2, 0));
        misuses.put("axis 2 is out of range for shape [2, 3] of rank 2", () -> x.sum(false, 2));
        misuses.put("sum: axis 1 given twice", () -> x.sum(false, 1, -1));
        misuses.put("axis -3 is out of range", () -> x.argmax(-3, false));
        misuses.put("axis 5 is out of range", () -> x.transpose(0, 5));
        misuses.put("of: 5 values do not fill shape [2, 3] of 6", () -> tensor(new float[5], 2, 3));
        misuses.put("unsqueeze: axis 4 is out of range for shape [2, 3]", () -> x.unsqueeze(4));
        misuses.put("narrow: range [1, 4) is out of range for axis 1 of size 3", () -> x.narrow(1, 1, 3));
        misuses.forEach((message, misuse) -> {
            RuntimeException e = assertThrows(RuntimeException.class, misuse, message);
            assertFalse(e instanceof ArrayIndexOutOfBoundsException, message + ": " + e);
            assertTrue(e.getMessage() != null && e.getMessage().contains(message),
                    "expected a message containing \"" + message + "\" but got: " + e.getMessage());
        });
    }
}

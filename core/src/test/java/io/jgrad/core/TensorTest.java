package io.jgrad.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jgrad.core.reference.ReferenceBackend;
import org.junit.jupiter.api.Test;

/**
 * {@link Tensor} itself, beyond what the backend contract covers: factories, views that must share storage,
 * copies that must not, element access, moving between backends, and the messages of misuse.
 */
class TensorTest {

    /** The reference loops under another name: a second backend, for what mixing backends must do. */
    static final class OtherBackend implements Backend {
        private final Backend loops = ReferenceBackend.INSTANCE;

        @Override public String name() { return "other"; }
        @Override public Storage allocate(int length) { return loops.allocate(length); }
        @Override public Storage fromArray(float[] values) { return loops.fromArray(values); }
        @Override public float[] toArray(Tensor x) { return loops.toArray(x); }
        @Override public void fill(Tensor out, float value) { loops.fill(out, value); }
        @Override public void copy(Tensor x, Tensor out) { loops.copy(x, out); }
        @Override public void unary(UnaryOp op, Tensor x, Tensor out) { loops.unary(op, x, out); }
        @Override public void binary(BinaryOp op, Tensor a, Tensor b, Tensor out) { loops.binary(op, a, b, out); }
        @Override public void reduce(ReduceOp op, Tensor x, Tensor out) { loops.reduce(op, x, out); }
        @Override public void argmax(Tensor x, int axis, Tensor out) { loops.argmax(x, axis, out); }
        @Override public void matmul(Tensor a, Tensor b, Tensor out, boolean accumulate) {
            loops.matmul(a, b, out, accumulate);
        }
        @Override public void fused(Fused.Kernel kernel, Tensor[] tensors, float... parameters) {
            loops.fused(kernel, tensors, parameters);
        }
    }

    @Test
    void factoriesGiveTheRequestedShapeAndValues() {
        assertArrayEquals(new float[6], Tensor.zeros(2, 3).toArray());
        assertArrayEquals(new float[] {1, 1}, Tensor.ones(2).toArray());
        assertArrayEquals(new float[] {7, 7, 7, 7}, Tensor.full(7f, 2, 1, 2).toArray());
        assertArrayEquals(new float[] {0, 1, 2, 3}, Tensor.arange(4).toArray());
        assertEquals(Shape.of(), Tensor.scalar(2f).shape());
        assertEquals(Shape.of(3), Tensor.of(new float[] {1, 2, 3}).shape());
        assertEquals(Shape.of(), Tensor.of(new float[] {1}).shape());
        assertEquals(Shape.of(1), Tensor.of(new float[] {1}, 1).shape());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Tensor.of(new float[] {1, 2, 3}, 2, 2));
        assertEquals("of: 3 values do not fill shape [2, 2] of 4", e.getMessage());
    }

    @Test
    void viewWithMinusOneInfersThatSize() {
        Tensor x = Tensor.arange(12);
        assertEquals(Shape.of(3, 4), x.view(3, -1).shape());
        assertEquals(Shape.of(2, 2, 3), x.view(2, -1, 3).shape());
        assertEquals(Shape.of(12), x.view(3, 4).view(-1).shape());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> x.view(5, -1));
        assertEquals("view: cannot infer the -1 in [5, -1] for a tensor of shape [12] with 12 elements", e.getMessage());
    }

    // Only one size can be inferred, and no other size may be negative; the message quotes the sizes as given.
    @Test
    void viewRejectsTwoMinusOnesAndOtherNegativeSizes() {
        Tensor x = Tensor.arange(12);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> x.view(-1, -1));
        assertEquals("view: [-1, -1] may have one size of -1 (inferred) and no other negative size", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> x.view(-1, -2));
        assertTrue(e.getMessage().contains("[-1, -2]"), e.getMessage());
    }

    // reshape is view when the strides allow it (same storage) and a copy only when they do not.
    @Test
    void reshapeCopiesOnlyWhenAViewIsImpossible() {
        Tensor x = Tensor.arange(6).view(2, 3);
        assertSame(x.storage(), x.reshape(3, 2).storage());
        assertSame(x.storage(), x.reshape(6).storage());
        Tensor t = x.t();
        Tensor flat = t.reshape(-1);
        assertNotSame(x.storage(), flat.storage());
        assertArrayEquals(new float[] {0, 3, 1, 4, 2, 5}, flat.toArray());
        assertSame(t.storage(), t.reshape(3, 1, 2).storage());
    }

    @Test
    void contiguousCopiesOnlyWhatIsNotContiguous() {
        Tensor x = Tensor.arange(6).view(2, 3);
        assertSame(x, x.contiguous());
        Tensor copied = x.t().contiguous();
        assertNotSame(x.storage(), copied.storage());
        assertTrue(copied.isContiguous());
        assertArrayEquals(new float[] {0, 3, 1, 4, 2, 5}, copied.toArray());
    }

    @Test
    void tTransposesAMatrixInPlaceAndRefusesOtherRanks() {
        Tensor x = Tensor.arange(6).view(2, 3);
        assertSame(x.storage(), x.t().storage());
        assertArrayEquals(new int[] {1, 3}, x.t().layout().strides());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(2, 3, 4).t());
        assertEquals("t: expects a 2-D tensor, got shape [2, 3, 4]", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(3).t());
    }

    @Test
    void itemNeedsExactlyOneElement() {
        assertEquals(4f, Tensor.of(new float[] {4}, 1, 1).item());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Tensor.zeros(2).item());
        assertEquals("item: tensor of shape [2] has 2 elements, not 1", e.getMessage());
    }

    // get and set go through the layout, so on a transposed view they reach the transposed element.
    @Test
    void getAndSetReachOneElementThroughAnyLayout() {
        Tensor x = Tensor.arange(6).view(2, 3);
        Tensor t = x.t();
        assertEquals(5f, t.get(2, 1));
        assertEquals(x.get(0, 2), t.get(2, 0));
        t.set(-1f, 0, 1);
        assertEquals(-1f, x.get(1, 0));
        assertArrayEquals(new float[] {0, 1, 2, -1, 4, 5}, x.toArray());
        IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> t.get(0, 2));
        assertEquals("index 2 is out of range for axis 1 of size 2 in shape [3, 2]", e.getMessage());
    }

    // Views never copy: expand gives stride 0 and writes through a narrowed view land in the original.
    @Test
    void viewsShareStorageWithTheirSource() {
        Tensor x = Tensor.arange(6).view(2, 3);
        Tensor expanded = x.narrow(0, 1, 1).expand(4, 3);
        assertSame(x.storage(), expanded.storage());
        assertArrayEquals(new int[] {0, 1}, expanded.layout().strides());
        x.narrow(1, 1, 2).fillInPlace(9f);
        assertArrayEquals(new float[] {0, 9, 9, 3, 9, 9}, x.toArray());
    }

    // A write into a broadcast tensor would hit each shared position several times (and race on a GPU), so
    // in-place ops refuse it, as PyTorch does, and say what to do.
    @Test
    void inPlaceOpsRefuseABroadcastDestination() {
        Tensor row = Tensor.zeros(1, 3).expand(2, 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> row.addInPlace(Tensor.ones(2, 3)));
        assertEquals("addInPlace: cannot write into a broadcast tensor of shape [2, 3]: its 2 indexes along axis 0"
                + " share storage (stride 0); copy() it first", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> row.mapInPlace(UnaryOp.EXP));
        assertThrows(IllegalArgumentException.class, () -> row.copyInPlace(Tensor.ones(2, 3)));
        assertThrows(IllegalArgumentException.class,
                () -> Tensor.ones(2, 1).matmulInto(Tensor.ones(1, 3), row, false));
        assertArrayEquals(new float[] {1, 1, 1, 1, 1, 1}, row.copy().addInPlace(Tensor.ones(2, 3)).toArray());
    }

    @Test
    void aTensorMustFitInsideItsStorage() {
        Backend cpu = DefaultBackend.get();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Tensor(cpu.allocate(5), Layout.contiguous(Shape.of(2, 3)), cpu));
        assertTrue(e.getMessage().endsWith("reaches position 5 but the storage holds 5 elements"), e.getMessage());
    }

    @Test
    void movingToTheSameBackendIsTheSameTensor() {
        Tensor x = Tensor.arange(3);
        assertSame(x, x.to(x.backend()));
    }

    @Test
    void movingToAnotherBackendCopiesTheValuesInRowMajorOrder() {
        Backend other = new OtherBackend();
        Tensor x = Tensor.arange(6).view(2, 3).t();
        Tensor moved = x.to(other);
        assertSame(other, moved.backend());
        assertNotSame(x.storage(), moved.storage());
        assertEquals(x.shape(), moved.shape());
        assertArrayEquals(x.toArray(), moved.toArray());
        assertEquals(Shape.of(), Tensor.scalar(1f).to(other).shape());
    }

    // Mixing backends is never silently resolved by copying: the message names both and says how to move one.
    @Test
    void opsOnTensorsOfDifferentBackendsFailWithAMessage() {
        Tensor here = Tensor.ones(2, 2);
        Tensor there = Tensor.ones(2, 2).to(new OtherBackend());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> here.add(there));
        assertEquals("add: tensors live on different backends (" + DefaultBackend.get().name() + " and other); move one with to(backend)",
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> here.matmul(there));
        assertTrue(e.getMessage().startsWith("matmul: tensors live on different backends"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> here.mulInPlace(there));
        assertTrue(e.getMessage().startsWith("mulInPlace: tensors live on different backends"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Joining.concat(0, here, there));
        assertTrue(e.getMessage().contains("live on different backends"), e.getMessage());
        assertFalse(here.backend() == there.backend());
    }

    @Test
    void anInPlaceOperandThatOverlapsTheDestinationInAnotherLayoutIsRejected() {
        Tensor x = Tensor.arange(4).view(2, 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> x.addInPlace(x.t()));
        assertTrue(e.getMessage().startsWith("addInPlace: the operand") && e.getMessage().contains("copy()"),
                e.getMessage());
        assertArrayEquals(new float[] {0, 1, 2, 3}, x.toArray(), 0f, "a rejected op writes nothing");
        assertThrows(IllegalArgumentException.class, () -> x.copyInPlace(x.select(0, 0)));   // row 0 into both rows
        assertThrows(IllegalArgumentException.class, () -> x.matmulInto(Tensor.ones(2, 2), x, false));
    }

    @Test
    void inPlaceOpsOnTheSameLayoutOrOnDisjointViewsOfOneStorageAreAllowed() {
        Tensor x = Tensor.arange(6).view(2, 3);
        x.addInPlace(x);                                                                  // same layout: each read first
        assertArrayEquals(new float[] {0, 2, 4, 6, 8, 10}, x.toArray(), 0f);
        x.narrow(1, 0, 1).copyInPlace(x.narrow(1, 2, 1));                               // column 2 into column 0
        assertArrayEquals(new float[] {4, 2, 4, 10, 8, 10}, x.toArray(), 0f);
        x.narrow(1, 1, 2).subInPlace(x.narrow(1, 0, 1));                                // interleaved, disjoint
        assertArrayEquals(new float[] {4, -2, 0, 10, -2, 0}, x.toArray(), 0f);
    }

    @Test
    void aShapeWithMoreElementsThanAnIntCanIndexIsRefusedInsteadOfWrappingAround() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Tensor.zeros(65536, 65536, 65536, 65536));
        assertEquals("shape [65536, 65536, 65536, 65536] has more elements than an int can index (2147483647)",
                e.getMessage());
        assertEquals(0, Tensor.zeros(65536, 65536, 0).numel(), "an empty axis makes any shape empty");
    }

    // The tape compares these versions to notice a value changed between the forward pass and backward.
    @Test
    void everyInPlaceWriteCountsInTheVersionOfTheStorageAllItsViewsShare() {
        Tensor x = Tensor.zeros(2, 3);
        Tensor row = x.select(0, 1);
        int[] before = {x.storage().version()};
        Runnable[] writes = {
            () -> x.fillInPlace(1f), () -> x.set(2f, 0, 1), () -> row.copyInPlace(Tensor.ones(3)),
            () -> row.addInPlace(1f), () -> x.mapInPlace(UnaryOp.EXP),
            () -> Tensor.ones(2, 2).matmulInto(Tensor.ones(2, 3), x, false)};
        for (Runnable write : writes) {
            write.run();
            assertEquals(before[0] + 1, row.storage().version());
            before[0]++;
        }
        x.add(x).sum();
        assertEquals(before[0], x.storage().version(), "ops that make new tensors leave it alone");
    }
}

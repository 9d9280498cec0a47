package io.jgrad.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jgrad.autograd.nn.Functional;
import io.jgrad.autograd.nn.Reduction;
import io.jgrad.core.Tensor;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * What the tape refuses rather than return a wrong gradient without a word: values changed in place between the
 * forward pass and backward (PyTorch catches these with the same kind of version counter), graphs that cross from
 * one tape to another, and a tape used from a thread that did not open it.
 */
class TapeRefusalsTest {

    @Test
    void aWeightChangedInPlaceAfterTheForwardPassIsRefusedAtBackward() {
        Variable w = Variable.leaf(Tensor.of(new float[] {1f, 2f}));
        Variable x = Variable.constant(Tensor.of(new float[] {3f, 4f}));
        try (Tape tape = Tape.open()) {
            Variable loss = w.mul(x).sum();
            w.value().fillInPlace(10f);             // dLoss/dx would now read 10, not the w the loss was made from
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> tape.backward(loss));
            assertTrue(e.getMessage().startsWith("backward: input 0 of mul (shape [2]) was modified in place after"
                    + " the forward pass (version 0, now 1)"), e.getMessage());
        }
    }

    @Test
    void aTargetChangedInPlaceBeforeBackwardIsRefusedToo() {
        Variable p = Variable.leaf(Tensor.of(new float[] {0.25f, 0.75f}));
        Tensor target = Tensor.of(new float[] {0f, 1f});
        try (Tape tape = Tape.open()) {
            Variable loss = Functional.binaryCrossEntropy(p, target, Reduction.SUM);
            target.set(0.5f, 0);
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> tape.backward(loss));
            assertTrue(e.getMessage().contains("input 1 of binaryCrossEntropy"), e.getMessage());
        }
    }

    @Test
    void changesBeforeTheForwardPassAndAfterBackwardAreFine() {
        Variable w = Variable.leaf(Tensor.of(new float[] {1f, 2f}));
        w.value().fillInPlace(5f);
        try (Tape tape = Tape.open()) {
            tape.backward(w.mul(w).sum());
        }
        w.value().fillInPlace(0f);                  // an optimiser's step: after backward, before the next forward
        assertArrayEquals(new float[] {10f, 10f}, w.grad().toArray());
    }

    @Test
    void aGraphThatCrossesFromOneTapeToAnotherIsRefusedWhereItCrosses() {
        Variable x = Variable.leaf(Tensor.of(new float[] {1f, 2f}));
        try (Tape outer = Tape.open()) {
            Variable y = x.exp();
            try (Tape inner = Tape.open()) {
                IllegalStateException e = assertThrows(IllegalStateException.class, () -> y.mul(2f));
                assertTrue(e.getMessage().startsWith("mul 2.0: input 0 (shape [2]) was recorded on another tape"),
                        e.getMessage());
                Variable z = y.detach().mul(2f);     // the way out the message names: a constant, by choice
                assertEquals(false, z.requiresGrad());
            }
        }
    }

    @Test
    void aVariableOfAFinishedTapeCannotBeUsedOnANewOne() {
        Variable x = Variable.leaf(Tensor.of(new float[] {1f, 2f}));
        Variable y;
        try (Tape first = Tape.open()) {
            y = x.square();
            first.backward(y.sum());
        }
        try (Tape second = Tape.open()) {
            assertThrows(IllegalStateException.class, () -> y.sum());
        }
    }

    @Test
    void aTapeClosedFromAnotherThreadIsRefusedAndKeepsRecordingForItsOwn() throws InterruptedException {
        Variable x = Variable.leaf(Tensor.of(new float[] {1f, 2f}));
        try (Tape tape = Tape.open()) {
            AtomicReference<Throwable> thrown = new AtomicReference<>();
            Thread other = new Thread(() -> {
                try {
                    tape.close();
                } catch (Throwable t) {
                    thrown.set(t);
                }
            }, "other");
            other.start();
            other.join();
            assertTrue(thrown.get() instanceof IllegalStateException, String.valueOf(thrown.get()));
            assertTrue(thrown.get().getMessage().contains("belongs to it"), thrown.get().getMessage());
            tape.backward(x.mul(3f).sum());
        }
        assertArrayEquals(new float[] {3f, 3f}, x.grad().toArray());
    }
}

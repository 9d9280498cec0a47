package io.jgrad.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jgrad.core.Tensor;
import org.junit.jupiter.api.Test;

/**
 * What the tape promises beyond each op's rule: gradients of several uses add up, leaves keep accumulating until
 * zeroGrad, nothing is recorded without an open tape or inside noGrad, and misuse fails with a message that says
 * what to do. Also: a tape is a list walked in reverse, so depth costs no stack.
 */
class TapeTest {

    private static Variable leaf(float... values) {
        return Variable.leaf(Tensor.of(values));
    }

    @Test
    void theGradientOfAReusedInputAccumulatesFromEachUse() {
        // y = x * x uses x twice; each use contributes x, so dy/dx = 2x.
        Variable x = leaf(1.5f, -2f, 3f);
        try (Tape tape = Tape.open()) {
            tape.backward(x.mul(x).sum());
        }
        assertArrayEquals(new float[] {3f, -4f, 6f}, x.grad().toArray());
    }

    @Test
    void twoBackwardPassesWithoutZeroGradAccumulateTwice() {
        // A leaf keeps adding into its gradient, as PyTorch's .grad does: two passes of 3x give 6.
        Variable x = leaf(1f, 2f);
        for (int pass = 0; pass < 2; pass++) {
            try (Tape tape = Tape.open()) {
                tape.backward(x.mul(3f).sum());
            }
        }
        assertArrayEquals(new float[] {6f, 6f}, x.grad().toArray());
    }

    @Test
    void zeroGradEmptiesTheGradientAndKeepsItsBufferForTheNextPass() {
        Variable x = leaf(1f, 2f);
        try (Tape tape = Tape.open()) {
            tape.backward(x.mul(3f).sum());
        }
        Tensor buffer = x.grad();
        x.zeroGrad();
        assertNull(x.grad(), "no gradient until the next backward pass, as PyTorch's zero_grad(set_to_none=True)");
        try (Tape tape = Tape.open()) {
            tape.backward(x.mul(5f).sum());
        }
        assertSame(buffer, x.grad());
        assertArrayEquals(new float[] {5f, 5f}, x.grad().toArray());
    }

    @Test
    void aNoGradScopeRecordsNothingAndRecordingResumesAfterIt() throws Exception {
        Variable x = leaf(1f, 2f);
        try (Tape tape = Tape.open()) {
            try (AutoCloseable scope = Tape.noGrad()) {
                Variable y = x.exp().mul(2f).sum();
                assertFalse(Tape.isRecording());
                assertFalse(y.requiresGrad(), "an output computed under noGrad is a constant");
                assertEquals(0, tape.size());
            }
            assertTrue(Tape.isRecording());
            assertTrue(x.exp().requiresGrad());
            assertEquals(1, tape.size());
        }
    }

    @Test
    void withNoOpenTapeNothingIsRecorded() {
        Variable x = leaf(1f, 2f);
        assertFalse(Tape.isRecording());
        Variable y = x.square().sum();
        assertFalse(y.requiresGrad());
        assertEquals(5f, y.value().item());
    }

    @Test
    void nestedTapesRecordOntoTheInnermostAndClosingThemInAnyOrderLeavesNoClosedTapeRecording() {
        Tape outer = Tape.open();
        Tape inner = Tape.open();
        leaf(1f).exp();
        assertEquals(1, inner.size());
        assertEquals(0, outer.size());
        outer.close();                                  // out of order: the inner tape goes on recording
        leaf(1f).exp();
        assertEquals(2, inner.size());
        inner.close();
        assertFalse(Tape.isRecording(), "the closed outer tape must not record again");
        assertFalse(leaf(1f).exp().requiresGrad());
        assertEquals(0, outer.size());
    }

    @Test
    void closingATapeStopsRecording() {
        Tape tape = Tape.open();
        tape.close();
        assertFalse(Tape.isRecording());
        assertFalse(leaf(1f).exp().requiresGrad());
    }

    @Test
    void aTapeOpenedInsideAnotherRecordsOnlyItsOwnOpsAndClosingItResumesTheOuter() {
        Variable x = leaf(1f);
        try (Tape outer = Tape.open()) {
            x.exp();
            try (Tape inner = Tape.open()) {
                x.exp();
                x.exp();
                assertEquals(2, inner.size());
            }
            assertEquals(1, outer.size());
            x.exp();
            assertEquals(2, outer.size());
        }
        assertFalse(Tape.isRecording());
    }

    @Test
    void anInputThatTheLossDoesNotUseGetsNoGradient() {
        Variable used = leaf(1f);
        Variable unused = leaf(2f);
        try (Tape tape = Tape.open()) {
            unused.exp();
            tape.backward(used.mul(4f).sum());
        }
        assertNull(unused.grad(), "grad() stays null where no gradient arrived");
        assertArrayEquals(new float[] {4f}, used.grad().toArray());
    }

    @Test
    void constantsNeverReceiveAGradient() {
        Variable x = leaf(1f, 2f);
        Variable c = Variable.constant(Tensor.of(new float[] {3f, 4f}));
        try (Tape tape = Tape.open()) {
            tape.backward(x.mul(c).sum());
        }
        assertNull(c.grad());
        assertArrayEquals(new float[] {3f, 4f}, x.grad().toArray());
    }

    @Test
    void detachStopsTheGradientAtThatPoint() {
        // y = x * detach(x): only the first factor is differentiated, so dy/dx = x, not 2x.
        Variable x = leaf(3f);
        Variable detached;
        try (Tape tape = Tape.open()) {
            detached = x.detach();
            tape.backward(x.mul(detached).sum());
        }
        assertFalse(detached.requiresGrad());
        assertSame(x.value(), detached.value(), "detach shares the value, it does not copy");
        assertArrayEquals(new float[] {3f}, x.grad().toArray());
    }

    @Test
    void intermediateGradientsAreReleasedAndTheRecordIsEmptiedAfterBackward() {
        Variable x = leaf(1f, 2f);
        Variable hidden;
        try (Tape tape = Tape.open()) {
            hidden = x.exp();
            tape.backward(hidden.sum());
            assertEquals(0, tape.size());
        }
        assertNull(hidden.grad(), "an op's output holds its gradient only while backward passes through it");
        assertTrue(x.grad() != null);
    }

    @Test
    void backwardOnANonScalarWithoutASeedSaysToPassOne() {
        Variable x = leaf(1f, 2f);
        try (Tape tape = Tape.open()) {
            Variable y = x.exp();
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> tape.backward(y));
            assertTrue(e.getMessage().contains("one element") && e.getMessage().contains("[2]")
                    && e.getMessage().contains("seed"), e.getMessage());
        }
    }

    @Test
    void aSeedOfTheWrongShapeIsRejected() {
        Variable x = leaf(1f, 2f);
        try (Tape tape = Tape.open()) {
            Variable y = x.exp();
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> tape.backward(y, Tensor.ones(3)));
            assertTrue(e.getMessage().contains("[3]") && e.getMessage().contains("[2]"), e.getMessage());
        }
    }

    @Test
    void backwardFromAConstantSaysNothingRequiresAGradient() {
        try (Tape tape = Tape.open()) {
            Variable y = Variable.constant(Tensor.ones(2)).sum();
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> tape.backward(y));
            assertTrue(e.getMessage().contains("requires a gradient"), e.getMessage());
        }
    }

    @Test
    void aTapeCannotBeBackwardedTwice() {
        Variable x = leaf(1f);
        try (Tape tape = Tape.open()) {
            Variable loss = x.exp().sum();
            tape.backward(loss);
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> tape.backward(loss));
            assertTrue(e.getMessage().contains("already used") && e.getMessage().contains("forward pass again"),
                    e.getMessage());
        }
    }

    @Test
    void aRuleReturningTheWrongShapeFailsAtThatOpAndNamesIt() {
        // A custom op whose rule forgets to sum: the check right after the rule blames it, not a later op.
        Variable x = leaf(1f, 2f, 3f);
        try (Tape tape = Tape.open()) {
            Variable broken = Tape.record("brokenDouble", x.value().mul(2f), x, g -> Tensor.ones(2));
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> tape.backward(broken.exp().sum()));
            assertTrue(e.getMessage().startsWith("brokenDouble:"), e.getMessage());
            assertTrue(e.getMessage().contains("[2]") && e.getMessage().contains("[3]"), e.getMessage());
        }
    }

    @Test
    void aHundredThousandChainedOpsBackwardWithoutOverflowingTheStack() {
        // The record is walked in reverse by a loop, not by recursion over the graph.
        Variable x = leaf(0f);
        Variable y = x;
        try (Tape tape = Tape.open()) {
            for (int i = 0; i < 100_000; i++) {
                y = y.add(1f);
            }
            assertEquals(100_000, tape.size());
            tape.backward(y);
        }
        assertEquals(100_000f, y.value().item());
        assertArrayEquals(new float[] {1f}, x.grad().toArray());
    }

    @Test
    void aGradientReachesALeafThroughEveryPathOfADiamond() {
        // a = 2x, b = x^2, y = a * b = 2x^3: dy/dx = 6x^2 = 24 at x = 2, summed over both paths.
        Variable x = leaf(2f);
        try (Tape tape = Tape.open()) {
            tape.backward(x.mul(2f).mul(x.square()).sum());
        }
        assertArrayEquals(new float[] {24f}, x.grad().toArray());
    }
}

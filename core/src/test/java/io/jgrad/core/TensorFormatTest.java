package io.jgrad.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * How tensors print ({@link Tensor#toString}): PyTorch's layout of nested brackets, rows aligned under each other,
 * one number format per tensor, and large tensors cut down to their corners.
 */
class TensorFormatTest {

    @Test
    void aSmallMatrixPrintsEveryValueWithItsShape() {
        Tensor t = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
        assertEquals("""
                tensor([[1.0000, 2.0000, 3.0000],
                        [4.0000, 5.0000, 6.0000]], shape=[2, 3])""", t.toString());
    }

    // One width for every entry, so columns line up whatever the signs.
    @Test
    void columnsLineUpAcrossSigns() {
        Tensor t = Tensor.of(new float[] {-1.5f, 2, 3, 4, 5, 0.25f}, 2, 3);
        assertEquals("""
                tensor([[-1.5000,  2.0000,  3.0000],
                        [ 4.0000,  5.0000,  0.2500]], shape=[2, 3])""", t.toString());
    }

    // Between blocks of a 3-D tensor comes one blank line, as in PyTorch.
    @Test
    void blocksOfA3dTensorAreSeparatedByABlankLine() {
        assertEquals("""
                tensor([[[ 0.0000,  1.0000,  2.0000],
                         [ 3.0000,  4.0000,  5.0000]],

                        [[ 6.0000,  7.0000,  8.0000],
                         [ 9.0000, 10.0000, 11.0000]]], shape=[2, 2, 3])""",
                Tensor.arange(12).view(2, 2, 3).toString());
    }

    // A view prints its own elements in row-major order, not the storage's.
    @Test
    void aTransposedViewPrintsItsOwnRows() {
        Tensor t = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3).t();
        assertEquals("""
                tensor([[1.0000, 4.0000],
                        [2.0000, 5.0000],
                        [3.0000, 6.0000]], shape=[3, 2])""", t.toString());
    }

    @Test
    void scalarsAndEmptyTensorsPrintPlainly() {
        assertEquals("tensor(3.5000, shape=[])", Tensor.scalar(3.5f).toString());
        assertEquals("tensor([], shape=[0, 3])", Tensor.zeros(0, 3).toString());
    }

    // Fixed-point with four decimals would print 1e-5 as 0.0000, so tiny or huge values switch to exponents.
    @Test
    void tinyValuesSwitchToScientificNotation() {
        assertEquals("tensor([1.0000e-05, 2.0000e+00], shape=[2])", Tensor.of(new float[] {1e-5f, 2}, 2).toString());
    }

    // 10,000 elements must not flood a log: only three rows and columns at each edge, with "..." between.
    @Test
    void aLargeTensorIsSummarisedByItsCorners() {
        String s = Tensor.arange(10_000).view(100, 100).toString();
        assertTrue(s.length() < 1000, "printed " + s.length() + " characters");
        assertEquals(7, s.lines().count(), s);
        assertTrue(s.startsWith("tensor([[   0.0000,    1.0000,    2.0000, ...,   97.0000,   98.0000,   99.0000],"), s);
        assertTrue(s.contains("\n        ...,\n"), s);
        assertTrue(s.endsWith("9997.0000, 9998.0000, 9999.0000]], shape=[100, 100])"), s);
    }

    @Test
    void aTensorBelowTheThresholdIsPrintedInFull() {
        String s = Tensor.arange(400).view(20, 20).toString();
        assertFalse(s.contains("..."));
        assertEquals(20, s.lines().count());
    }
}

package io.jgrad.autograd;

import static io.jgrad.autograd.GradCheck.narrowed;
import static io.jgrad.autograd.GradCheck.transposed;
import static io.jgrad.autograd.GradCheck.uniform;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jgrad.core.Shape;
import io.jgrad.core.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Z = A B, with dL/dA = G B^T and dL/dB = A^T G. The backward products read transposed views in place, so the
 * cases below feed transposed and narrowed operands, in 2-D and batched 3-D.
 */
class MatrixOpsTest {

    private static Tensor t(int... shape) {
        return uniform(Shape.of(shape).hashCode(), -1, 1, shape);
    }

    private static final GradCheck.Fn MATMUL = xs -> xs[0].matmul(xs[1]);

    @Test
    void aTwoDimensionalProductMatchesCentralDifferences() {
        GradCheck.check("[3, 4] @ [4, 5]", MATMUL, t(3, 4), t(4, 5));
    }

    @Test
    void aProductOfTransposedOperandsMatchesCentralDifferences() {
        GradCheck.check("A^T-layout [3, 4] @ B^T-layout [4, 5]", MATMUL, transposed(t(3, 4)), transposed(t(4, 5)));
    }

    @Test
    void aProductOfTransposeViewsTakenOnTheTapeMatchesCentralDifferences() {
        // The model code writes x W^T: the transpose is an op on the tape, and its rule must transpose g back.
        GradCheck.check("[3, 4] @ ([5, 4])^T", xs -> xs[0].matmul(xs[1].transpose(0, 1)), narrowed(t(3, 4)), t(5, 4));
    }

    @Test
    void aBatchedProductMatchesCentralDifferences() {
        GradCheck.check("[2, 3, 4] @ [2, 4, 5]", MATMUL, t(2, 3, 4), t(2, 4, 5));
    }

    @Test
    void aBatchedProductOfTransposedAndNarrowedOperandsMatchesCentralDifferences() {
        GradCheck.check("transposed [2, 3, 4] @ narrowed [2, 4, 5]", MATMUL, transposed(t(2, 3, 4)), narrowed(t(2, 4, 5)));
        GradCheck.check("[2, 3, 4] @ ([2, 5, 4]).transpose(1, 2)", xs -> xs[0].matmul(xs[1].transpose(1, 2)),
                narrowed(t(2, 3, 4)), transposed(t(2, 5, 4)));
    }

    @Test
    void aBatchOfOneBroadcastsAndItsGradientIsSummedOverTheBatch() {
        // Tensor.matmul broadcasts a batch of 1 against a batch of b; the gradient of the shared matrix is then
        // the sum of its gradients over the b products, and must come back with its own shape [1, m, k].
        GradCheck.check("[1, 3, 4] @ [2, 4, 5]", MATMUL, t(1, 3, 4), transposed(t(2, 4, 5)));
        GradCheck.check("[2, 3, 4] @ [1, 4, 5]", MATMUL, narrowed(t(2, 3, 4)), t(1, 4, 5));
    }

    @Test
    void aProductOfAMatrixWithItsOwnTransposeAccumulatesBothPaths() {
        // y = X X^T: X receives G X + G^T X from its two uses.
        GradCheck.check("X @ X^T", xs -> xs[0].matmul(xs[0].transpose(0, 1)), transposed(t(3, 4)));
    }

    @Test
    void theGradientsAreGTimesBTransposedAndATransposedTimesG() {
        // A = [[1, 2]], B = [[3], [4]], G = [[1]]: dA = G B^T = [[3, 4]], dB = A^T G = [[1], [2]].
        Variable a = Variable.leaf(Tensor.of(new float[] {1, 2}, 1, 2));
        Variable b = Variable.leaf(Tensor.of(new float[] {3, 4}, 2, 1));
        try (Tape tape = Tape.open()) {
            tape.backward(a.matmul(b));
        }
        assertArrayEquals(new float[] {3, 4}, a.grad().toArray());
        assertArrayEquals(new float[] {1, 2}, b.grad().toArray());
    }

    @Test
    void operandsOfDifferentRanksAreRejectedWithAMessage() {
        Variable a = Variable.leaf(Tensor.zeros(2, 3, 4));
        Variable b = Variable.leaf(Tensor.zeros(4, 5));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> a.matmul(b));
        assertTrue(e.getMessage().contains("same rank"), e.getMessage());
    }
}

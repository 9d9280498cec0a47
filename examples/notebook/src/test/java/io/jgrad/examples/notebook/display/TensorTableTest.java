package io.jgrad.examples.notebook.display;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jgrad.core.Tensor;
import org.junit.jupiter.api.Test;

class TensorTableTest {
    @Test
    void aTransposedMatrixIsShownInItsOwnRowsNotInStorageOrder() {
        Tensor t = Tensor.arange(6).reshape(2, 3).t();                 // [3, 2], strides (1, 3)
        assertEquals("""
                <table class="jgrad-tensor">
                <caption>tensor of shape [3, 2]</caption>
                <tr><th></th><th>0</th><th>1</th></tr>
                <tr><th>0</th><td>0.0000</td><td>3.0000</td></tr>
                <tr><th>1</th><td>1.0000</td><td>4.0000</td></tr>
                <tr><th>2</th><td>2.0000</td><td>5.0000</td></tr>
                </table>""", TensorTable.html(t));
    }

    @Test
    void aVectorIsOneRowAndTinyValuesUseScientificNotation() {
        String html = TensorTable.html(Tensor.of(new float[] {1e-6f, 2f}, 2));
        assertTrue(html.contains("<tr><th></th><td>1.0000e-06</td><td>2.0000e+00</td></tr>"), html);
    }

    @Test
    void scalarsLargeTensorsAndWideOnesAreLeftToText() {
        assertFalse(TensorTable.fits(Tensor.scalar(1f)));
        assertFalse(TensorTable.fits(Tensor.zeros(2, 2, 2)));
        assertFalse(TensorTable.fits(Tensor.zeros(28, 28)));
        assertFalse(TensorTable.fits(Tensor.zeros(1, TensorTable.MAX_COLUMNS + 1)));
        assertTrue(TensorTable.fits(Tensor.zeros(TensorTable.MAX_ELEMENTS / TensorTable.MAX_COLUMNS, TensorTable.MAX_COLUMNS)));
        assertThrows(IllegalArgumentException.class, () -> TensorTable.html(Tensor.zeros(28, 28)));
    }
}

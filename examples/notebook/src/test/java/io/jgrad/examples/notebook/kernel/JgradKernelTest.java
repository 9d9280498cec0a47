package io.jgrad.examples.notebook.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jgrad.examples.notebook.eval.CellEvaluator;
import io.jgrad.examples.notebook.eval.NotebookVm;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.ReplacementOptions;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The requests that need no connection: completion, signatures, "is this complete?", and evaluation outside a cell. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JgradKernelTest {
    private JgradKernel kernel;

    @BeforeAll
    void start() {
        kernel = new JgradKernel(new CellEvaluator(NotebookVm.ofThisJvm()), "test");
    }

    @AfterAll
    void stop() {
        kernel.onShutdown(false);
    }

    @Test
    void tabCompletesJgradsMethodsFromWhereTheIdentifierStarts() {
        String code = "io.jgrad.core.Tensor.ara";
        ReplacementOptions options = kernel.complete(code, code.length());
        assertEquals(code.length() - 3, options.getSourceStart());
        assertEquals(code.length(), options.getSourceEnd());
        assertTrue(options.getReplacements().contains("arange("), options.getReplacements().toString());
    }

    @Test
    void shiftTabShowsTheSignature() {
        String code = "io.jgrad.core.Tensor.arange(";
        String signature = String.valueOf(kernel.inspect(code, code.length(), false).getData(MIMEType.TEXT_PLAIN));
        assertTrue(signature.contains("io.jgrad.core.Tensor.arange(int n)"), signature);
    }

    @Test
    void anOpenBlockWaitsForMoreLinesAndAStatementRuns() {
        assertEquals(BaseKernel.IS_COMPLETE_YES, kernel.isComplete("int a = 1;\nint b = a + 1;"));
        assertEquals("    ", kernel.isComplete("for (int i = 0; i < 3; i++) {"));
    }

    @Test
    void evaluationOutsideACellReturnsTheValueAsDisplayData() {
        DisplayData value = (DisplayData) kernel.evalRaw("6 * 7");
        assertEquals("42", value.getData(MIMEType.TEXT_PLAIN));
    }
}

package io.jgrad.examples.notebook.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Cells through the evaluator, each in the cells' own JVM as in the kernel: what they print and show arrives in
 * order, and bad cells end with the error a learner needs while the next cell still runs.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CellEvaluatorTest {
    private CellEvaluator evaluator;
    private int cell;

    @BeforeAll
    void startTheCellsJvm() {
        evaluator = new CellEvaluator(NotebookVm.ofThisJvm());
    }

    @AfterAll
    void endIt() {
        evaluator.close();
    }

    private RecordedOutput run(String code) {
        RecordedOutput out = new RecordedOutput();
        Optional<CellError> error = evaluator.evaluate(++cell, code, out);
        error.ifPresent(e -> { throw new AssertionError("cell failed: " + e); });
        return out;
    }

    private CellError fail(String code) {
        Optional<CellError> error = evaluator.evaluate(++cell, code, new RecordedOutput());
        assertTrue(error.isPresent(), "expected an error from: " + code);
        return error.get();
    }

    private static String traceback(CellError error) {
        return String.join("\n", error.traceback());
    }

    @Test
    void printedTextArrivesAndTheLastExpressionIsTheResult() {
        RecordedOutput out = run("int x = 20;\nSystem.out.println(\"x is \" + x);\nx + 22");
        assertEquals("x is 20\n", out.stdout());
        assertEquals(List.of(Map.of("text/plain", "42")), out.bundles());
        assertEquals("result", out.pieces().get(out.pieces().size() - 1).kind());
    }

    @Test
    void aTrailingCommentDoesNotHideTheResultAndStandardInputIsEmpty() {
        assertEquals("42", run("40 + 2\n// the answer\n").bundles().get(0).get("text/plain"));
        assertEquals("-1", run("System.in.read()").bundles().get(0).get("text/plain"));
    }

    @Test
    void declarationsAndStatementsShowNoResult() {
        assertTrue(run("int quiet = 1;").bundles().isEmpty());
        assertTrue(run("quiet = 2").bundles().isEmpty(), "an assignment shows nothing, as in IPython");
        assertEquals("2", run("quiet").bundles().get(0).get("text/plain"));
        RecordedOutput printf = run("System.out.printf(\"%d%n\", quiet)");
        assertEquals("2\n", printf.stdout());
        assertTrue(printf.bundles().isEmpty(), "printf's PrintStream is not a result: " + printf.bundles());
    }

    @Test
    void aSmallTensorShowsAsATableBesideItsText() {
        Map<String, String> bundle = run("io.jgrad.core.Tensor.arange(6).reshape(2, 3)").bundles().get(0);
        assertTrue(bundle.get("text/html").startsWith("<table"), bundle.toString());
        assertTrue(bundle.get("text/html").contains("<td>5.0000</td>"), bundle.get("text/html"));
        assertTrue(bundle.get("text/plain").startsWith("tensor([[0.0000, 1.0000, 2.0000],"), bundle.get("text/plain"));
    }

    @Test
    void anImageAndAChartShowAsPngWhereverTheCellShowsThem() {
        RecordedOutput out = run("""
                System.out.println("before");
                display(new java.awt.image.BufferedImage(30, 20, java.awt.image.BufferedImage.TYPE_BYTE_GRAY));
                System.out.println("after");
                new org.knowm.xchart.XYChartBuilder().width(200).height(100).build()
                """);
        List<RecordedOutput.Piece> pieces = out.pieces();
        assertEquals(List.of("stdout", "display", "stdout", "result"), pieces.stream().map(RecordedOutput.Piece::kind).toList());
        for (Map<String, String> bundle : out.bundles()) {
            byte[] png = Base64.getDecoder().decode(bundle.get("image/png"));
            assertEquals((byte) 0x89, png[0]);
            assertEquals("PNG", new String(png, 1, 3));
        }
        assertEquals("30x20 image", out.bundles().get(0).get("text/plain"));
        assertEquals("200x100 image", out.bundles().get(1).get("text/plain"));
    }

    @Test
    void aShapeMismatchShowsJgradsMessageAndTheCellLineNotTheKernel() {
        CellError error = fail("""
                var a = io.jgrad.core.Tensor.zeros(2, 3);
                var b = io.jgrad.core.Tensor.zeros(4, 5);
                a.matmul(b)""");
        assertEquals("IllegalArgumentException", error.name());
        assertTrue(error.value().contains("[2, 3]") && error.value().contains("[4, 5]"), error.value());
        String traceback = traceback(error);
        assertTrue(traceback.startsWith("java.lang.IllegalArgumentException: "), traceback);
        assertTrue(traceback.contains("at io.jgrad.core.Tensor.matmul"), traceback);
        assertTrue(traceback.contains("at cell [" + cell + "], line 3"), traceback);
        assertFalse(traceback.contains("io.jgrad.examples.notebook"), "no frame of the kernel: " + traceback);
        assertFalse(traceback.contains("jdk.jshell"), "no frame of JShell: " + traceback);
        assertEquals("1", run("1").bundles().get(0).get("text/plain"), "the next cell runs");
    }

    @Test
    void aCompileErrorPointsAtTheCellsLineAndColumnWithACaret() {
        CellError error = fail("int fine = 1;\nint broken = \"text\";");
        assertEquals("CompileError", error.name());
        assertEquals(List.of(
                "line 2, column 14: incompatible types: java.lang.String cannot be converted to int",
                "    int broken = \"text\";",
                "                 ^"), error.traceback());
        assertEquals("1", run("fine").bundles().get(0).get("text/plain"), "snippets before the error ran");
    }

    @Test
    void anUnknownSymbolIsACompileErrorThatNamesIt() {
        CellError error = fail("noSuchThing(3)");
        assertEquals("CompileError", error.name());
        String traceback = traceback(error);
        assertTrue(traceback.contains("cannot find symbol") && traceback.contains("method noSuchThing(int)"), traceback);
        assertFalse(traceback.contains("location:"), traceback);
    }

    @Test
    void aMethodThatUsesSomethingUndeclaredIsDeclaredWithANoteAndFailsWhenCalled() {
        RecordedOutput declared = run("double twice(double x) { return helper(x) * 2; }");
        assertEquals("Note: twice is declared, but cannot be used until method helper(double) is declared.\n",
                declared.stderr());
        CellError error = fail("twice(1)");
        assertEquals("UnresolvedReference", error.name());
        assertEquals("twice cannot run until method helper(double) is declared", error.value());
        run("double helper(double x) { return x + 1; }");
        assertEquals("4.0", run("twice(1)").bundles().get(0).get("text/plain"));
    }

    @Test
    void anIncompleteCellSaysWhatIsMissing() {
        CellError error = fail("for (int i = 0; i < 3; i++) {\n    System.out.println(i);\n");
        assertEquals("CompileError", error.name());
        assertTrue(error.value().contains("reached end of file while parsing"), error.value());
    }

    @Test
    void anInterruptedEndlessLoopEndsTheCellAndKeepsTheVariables() throws Exception {
        run("int kept = 7;");
        Thread interrupter = new Thread(() -> {
            sleep(1500);
            evaluator.interrupt();
        });
        interrupter.start();
        CellError error = fail("while (true) { kept = 8; }");
        interrupter.join();
        assertEquals("Interrupted", error.name());
        assertEquals("8", run("kept").bundles().get(0).get("text/plain"), "the same JVM, with the cell's assignment");
    }

    @Test
    void aCellThatIgnoresTheStopHasItsJvmEndedAndAFreshOneRunsTheNextCell() throws Exception {
        Thread interrupter = new Thread(() -> {
            sleep(1500);
            evaluator.interrupt();
        });
        interrupter.start();
        long start = System.nanoTime();
        CellError error = fail("while (true) { try { while (true) { } } catch (ThreadDeath stop) { } }");
        interrupter.join();
        assertEquals("Interrupted", error.name());
        assertTrue(error.value().contains("its JVM was ended"), error.value());
        assertTrue((System.nanoTime() - start) / 1e9 < 1.5 + CellEvaluator.STOP_GRACE.toSeconds() + 10);
        assertEquals("3", run("1 + 2").bundles().get(0).get("text/plain"));
    }

    @Test
    void systemExitEndsOnlyTheCellsJvm() {
        run("int lost = 1;");
        CellError error = fail("System.exit(3);");
        assertEquals("JvmEnded", error.name());
        assertTrue(run("System.out.print(\"alive\")").stdout().equals("alive"));
        assertEquals("CompileError", fail("lost").name(), "a fresh JVM: earlier variables are gone");
    }

    @Test
    void anExceptionInAMethodOfAnEarlierCellNamesBothCells() {
        run("void check(int n) {\n    if (n < 0) throw new IllegalStateException(\"negative: \" + n);\n}");
        int declared = cell;
        CellError error = fail("check(1);\ncheck(-1);");
        assertEquals("IllegalStateException", error.name());
        assertEquals("negative: -1", error.value());
        String traceback = traceback(error);
        assertTrue(traceback.contains("at check (cell [" + declared + "], line 2)"), traceback);
        assertTrue(traceback.contains("at cell [" + cell + "], line 2"), traceback);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package io.jgrad.examples.notebook.eval;

import io.jgrad.examples.notebook.display.Display;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import jdk.jshell.DeclarationSnippet;
import jdk.jshell.ExpressionSnippet;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.VarSnippet;

/**
 * Runs notebook cells with the JDK's JShell, each cell's code in a JVM of its own (JShell's remote execution), so
 * that nothing a cell does can take the kernel down: an endless loop is stopped, and a {@code System.exit} or a
 * crash only ends that JVM, after which a fresh one is started.
 *
 * <p>A cell is split into snippets the way JShell's own tool splits input, and they run one after another until one
 * fails; what it printed, and what it showed with {@code display(...)}, reaches the {@link CellOutput} as it
 * happens. When the cell ends with an expression, its value is shown through {@link Display#result}, so an image,
 * a chart or a small tensor appears as a picture or a table. Cells see the usual JShell imports and
 * {@code display}.
 *
 * <p>Threads: {@link #evaluate} runs one cell at a time; {@link #interrupt} may be called from another thread while
 * it does. Interrupting first asks JShell to stop the cell (which stops a running loop); a cell still running
 * {@link #STOP_GRACE} later (one that catches the stop) has its JVM ended and a fresh one started.
 */
public final class CellEvaluator implements AutoCloseable {
    /** How long a cell may take to stop when interrupted before its JVM is ended. */
    public static final Duration STOP_GRACE = Duration.ofSeconds(5);

    /** What JShell's own tool imports at startup, and the display helper. */
    static final List<String> STARTUP = List.of(
            "import java.io.*;", "import java.math.*;", "import java.net.*;", "import java.nio.file.*;",
            "import java.util.*;", "import java.util.concurrent.*;", "import java.util.function.*;",
            "import java.util.regex.*;", "import java.util.stream.*;",
            "import static " + Display.class.getName() + ".display;");

    private final NotebookVm vm;
    private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "cell-watchdog");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<String, ErrorReports.Place> places = new HashMap<>();
    private volatile CellOutput output;
    private volatile JShell shell;
    private volatile boolean vmEnded;
    private volatile boolean stopRequested;
    private volatile boolean killed;
    private volatile boolean closed;
    private volatile long running;          // the number of the evaluation in progress, 0 when none
    private long evaluations;

    /** Starts the cells' JVM (a few seconds) and gives it the startup imports. */
    public CellEvaluator(NotebookVm vm) {
        this.vm = vm;
        start();
    }

    /**
     * Runs {@code code}, the cell of execution count {@code cell}, sending its output to {@code out} as it comes.
     * Returns the error that ended it, if one did: a compile error, an exception, an interrupt, or the end of the
     * cells' JVM. Earlier snippets of a failed cell keep their effect, as in any notebook.
     */
    public synchronized Optional<CellError> evaluate(int cell, String code, CellOutput out) {
        output = out;
        stopRequested = false;
        killed = false;
        running = ++evaluations;
        try {
            if (vmEnded) {
                restart();
                out.stderr("The notebook's JVM had ended since the last cell; a fresh one has started, without the"
                        + " variables of earlier cells.\n");
            }
            return run(cell, code);
        } finally {
            running = 0;
            output = null;
        }
    }

    private Optional<CellError> run(int cell, String code) {
        SourceCodeAnalysis analysis = shell.sourceCodeAnalysis();
        String remaining = code;
        SnippetEvent last = null;
        while (!remaining.isBlank()) {
            SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(remaining);
            if (info.completeness() == SourceCodeAnalysis.Completeness.EMPTY) {
                break;                                         // only comments are left
            }
            // An incomplete or unreadable rest still goes to JShell: its compile error says what is missing, where.
            String source = info.completeness().isComplete() ? info.source() : remaining;
            ErrorReports.Place place = new ErrorReports.Place(cell, code, code.length() - remaining.length());
            List<SnippetEvent> events;
            try {
                events = shell.eval(source);
            } catch (IllegalStateException closed) {          // the JVM ended before this snippet could run
                vmEnded = true;
                events = List.of();
            }
            Optional<CellError> error = check(events, place);
            if (error.isPresent()) {
                return error;
            }
            last = events.isEmpty() ? null : events.get(0);
            remaining = info.completeness().isComplete() ? info.remaining() : "";
        }
        String name = valueName(last);
        return name == null ? Optional.empty() : showResult(name);
    }

    /** The error among a snippet's events, if any, after interrupts and an ended JVM; notes for partial definitions. */
    private Optional<CellError> check(List<SnippetEvent> events, ErrorReports.Place place) {
        if (closed) {
            String value = "the kernel is shutting down";
            return Optional.of(new CellError("KernelClosed", value, List.of(value)));
        }
        if (vmEnded || killed) {
            boolean wasKilled = killed;
            restart();
            String value = wasKilled
                    ? "the cell did not stop within " + STOP_GRACE.toSeconds() + " s of the interrupt, so its JVM was ended"
                    : "the notebook's JVM ended (System.exit, or a crash)";
            value += "; a fresh one has started, without the variables of earlier cells";
            return Optional.of(new CellError(wasKilled ? "Interrupted" : "JvmEnded", value, List.of(value)));
        }
        if (stopRequested) {
            String value = "the cell was interrupted; what it had already assigned keeps its value";
            return Optional.of(new CellError("Interrupted", value, List.of(value)));
        }
        for (SnippetEvent event : events) {
            if (event.causeSnippet() != null) {
                continue;                      // a snippet this one updated, such as a method it redeclared
            }
            places.put(event.snippet().id(), place);
            if (event.status() == Snippet.Status.REJECTED) {
                return Optional.of(ErrorReports.compileError(shell, event.snippet(), place));
            }
            if (event.exception() != null) {
                return Optional.of(ErrorReports.exception(shell, event.exception(), places));
            }
            if (event.snippet() instanceof DeclarationSnippet declaration
                    && (event.status() == Snippet.Status.RECOVERABLE_DEFINED
                    || event.status() == Snippet.Status.RECOVERABLE_NOT_DEFINED)) {
                output.stderr("Note: " + declaration.name() + " is declared, but cannot be used until "
                        + String.join(", ", shell.unresolvedDependencies(declaration).toList()) + " is declared.\n");
            }
        }
        return Optional.empty();
    }

    /**
     * The name holding the value of the cell's last snippet, if that is an expression worth showing: a temporary
     * ({@code $3}) or a variable named alone. Declarations and assignments show nothing, as in IPython, and neither
     * does the stream that {@code System.out.printf(...)} returns.
     */
    private static String valueName(SnippetEvent event) {
        if (event == null || event.status() != Snippet.Status.VALID || event.exception() != null) {
            return null;
        }
        if (event.snippet() instanceof VarSnippet var
                && var.subKind() == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND
                && !var.typeName().equals("PrintStream") && !var.typeName().equals("java.io.PrintStream")) {
            return var.name();
        }
        if (event.snippet() instanceof ExpressionSnippet expression
                && expression.subKind() == Snippet.SubKind.VAR_VALUE_SUBKIND) {
            return expression.name();
        }
        return null;
    }

    /** Shows the value through {@link Display#result} in the cells' JVM, then forgets that helper snippet. */
    private Optional<CellError> showResult(String name) {
        List<SnippetEvent> events = shell.eval(Display.class.getName() + ".result(" + name + ");");
        Optional<CellError> error = check(events, new ErrorReports.Place(0, "", 0));
        if (!events.isEmpty() && shell.status(events.get(0).snippet()).isActive()) {
            shell.drop(events.get(0).snippet());
        }
        return error;
    }

    /**
     * Stops the running cell, if any: JShell stops its thread, and if the cell is still running
     * {@link #STOP_GRACE} later, its JVM is ended. Safe to call from any thread, at any time.
     */
    public void interrupt() {
        long evaluation = running;
        JShell target = shell;
        if (evaluation == 0) {
            return;
        }
        stopRequested = true;
        target.stop();
        watchdog.schedule(() -> {
            if (running == evaluation && shell == target) {
                killed = true;
                target.close();              // ends the JVM; the cell's eval then returns
            }
        }, STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** JShell's analysis of source code, for completion, documentation and whether a line is complete. */
    public synchronized SourceCodeAnalysis analysis() {
        return shell.sourceCodeAnalysis();
    }

    /** Ends the cells' JVM, also while a cell runs (which then ends with an error); the evaluator is done. */
    @Override
    public void close() {
        closed = true;
        watchdog.shutdownNow();
        shell.close();
    }

    private void start() {
        vmEnded = false;
        DisplayDecoder stdout = new DisplayDecoder(new DisplayDecoder.Listener() {
            public void text(String text) {
                CellOutput out = output;
                if (out != null) {
                    out.stdout(text);
                } else {
                    System.err.print(text);  // printed by a thread after its cell ended: the kernel's log
                }
            }

            public void bundle(String kind, Map<String, String> bundle) {
                CellOutput out = output;
                if (out != null && kind.equals(Display.RESULT)) {
                    out.result(bundle);
                } else if (out != null) {
                    out.display(bundle);
                }
            }
        });
        DisplayDecoder stderr = DisplayDecoder.textOnly(text -> {
            CellOutput out = output;
            if (out != null) {
                out.stderr(text);
            } else {
                System.err.print(text);
            }
        });
        JShell fresh = JShell.builder()
                .in(InputStream.nullInputStream())                    // no standard input: reading it ends at once
                .out(new PrintStream(stdout, true, StandardCharsets.UTF_8))
                .err(new PrintStream(stderr, true, StandardCharsets.UTF_8))
                .remoteVMOptions(vm.remoteVmOptions().toArray(String[]::new))
                .compilerOptions(vm.compilerOptions().toArray(String[]::new))
                .build();
        fresh.onShutdown(ended -> vmEnded |= ended == shell);     // NOTE: not when an earlier JVM, replaced, ends
        for (String line : STARTUP) {
            for (SnippetEvent event : fresh.eval(line)) {
                if (event.status() != Snippet.Status.VALID) {
                    fresh.close();
                    throw new IllegalStateException("the notebook's JVM could not run '" + line + "' (" + event.status()
                            + "): is " + Display.class.getName() + " on the class path " + vm.classPath() + "?");
                }
            }
        }
        shell = fresh;
    }

    private void restart() {
        shell.close();
        places.clear();
        start();
    }
}

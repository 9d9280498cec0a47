package io.jgrad.examples.notebook.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import jdk.jshell.Diag;
import jdk.jshell.EvalException;
import jdk.jshell.JShell;
import jdk.jshell.JShellException;
import jdk.jshell.Snippet;
import jdk.jshell.UnresolvedReferenceException;

/**
 * Turns what JShell reports about a failed snippet into a {@link CellError} that reads like the cell: compiler
 * diagnostics point at a line and column of the cell with its source line and a caret; exceptions thrown in the
 * cell's JVM show their class, message and frames, with the frames of cells named by cell and line.
 */
final class ErrorReports {
    /** Where a snippet's source sits: in the cell of that execution count, from offset {@code start} of its code. */
    record Place(int cell, String code, int start) {
        /**
         * The 1-based line of the cell that holds the snippet's {@code line}-th line (1-based too). NOTE: compiler
         * positions count from {@code start}, but stack frames count lines from the snippet's first non-blank one.
         */
        int cellLine(int line) {
            int first = start;
            while (first < code.length() && Character.isWhitespace(code.charAt(first))) {
                first++;
            }
            return lineOf(code, first) + line - 1;
        }
    }

    /** The most frames shown per exception: enough for jgrad's few layers, not the whole of a deep stack. */
    static final int MAX_FRAMES = 12;

    private ErrorReports() {
    }

    /** A snippet the compiler rejected: each error as "line L, column C: message", the line and a caret. */
    static CellError compileError(JShell shell, Snippet snippet, Place place) {
        List<String> traceback = new ArrayList<>();
        String first = null;
        for (Diag diag : shell.diagnostics(snippet).toList()) {
            if (!diag.isError()) {
                continue;                          // e.g. the warning that the Vector API is an incubator module
            }
            List<String> message = new ArrayList<>();
            for (String line : diag.getMessage(Locale.ROOT).split("\n")) {
                if (!line.strip().startsWith("location:")) {        // JShell's wrapper class means nothing here
                    message.add(line);
                }
            }
            first = first == null ? message.get(0) : first;
            long position = diag.getStartPosition() >= 0 ? diag.getStartPosition() : diag.getPosition();
            if (position < 0) {
                traceback.addAll(message);
                continue;
            }
            int at = (int) Math.min(place.start() + position, place.code().length());
            int line = lineOf(place.code(), at);
            int lineStart = place.code().lastIndexOf('\n', at - 1) + 1;
            int lineEnd = place.code().indexOf('\n', at);
            traceback.add("line " + line + ", column " + (at - lineStart + 1) + ": " + message.get(0));
            traceback.addAll(message.subList(1, message.size()));
            traceback.add("    " + place.code().substring(lineStart, lineEnd < 0 ? place.code().length() : lineEnd));
            traceback.add("    " + " ".repeat(at - lineStart) + "^");
        }
        if (first == null) {
            first = "the compiler rejected " + snippet.source().strip();
            traceback.add(first);
        }
        return new CellError("CompileError", first, traceback);
    }

    /** An exception thrown while the cell ran, with the frames that lead to it. */
    static CellError exception(JShell shell, JShellException e, Map<String, Place> places) {
        if (e instanceof UnresolvedReferenceException unresolved) {
            String missing = String.join(", ", shell.unresolvedDependencies(unresolved.getSnippet()).toList());
            String value = unresolved.getSnippet().name() + " cannot run until " + missing + " is declared";
            return new CellError("UnresolvedReference", value, List.of(value));
        }
        List<String> traceback = new ArrayList<>();
        String className = e instanceof EvalException eval ? eval.getExceptionClassName() : e.getClass().getName();
        describe(traceback, className, e, places);
        for (Throwable cause = e.getCause(); cause != null && traceback.size() < 4 * MAX_FRAMES; cause = cause.getCause()) {
            String causeName = cause instanceof EvalException eval ? eval.getExceptionClassName() : cause.getClass().getName();
            traceback.add("Caused by:");
            describe(traceback, causeName, cause, places);
        }
        String simpleName = className.substring(Math.max(className.lastIndexOf('.'), className.lastIndexOf('$')) + 1);
        return new CellError(simpleName, e.getMessage() == null ? "" : e.getMessage(), traceback);
    }

    private static void describe(List<String> traceback, String className, Throwable t, Map<String, Place> places) {
        traceback.add(className + (t.getMessage() == null ? "" : ": " + t.getMessage()));
        StackTraceElement[] frames = t.getStackTrace();
        for (int i = 0; i < Math.min(frames.length, MAX_FRAMES); i++) {
            traceback.add("    at " + frame(frames[i], places));
        }
        if (frames.length > MAX_FRAMES) {
            traceback.add("    ... " + (frames.length - MAX_FRAMES) + " more");
        }
    }

    /**
     * A frame as Java prints it, except a cell's own: JShell names those by snippet ({@code #12}, line 1 of the
     * snippet), which the notebook knows as a cell and a line.
     */
    static String frame(StackTraceElement frame, Map<String, Place> places) {
        String file = frame.getFileName();
        Place place = file != null && file.startsWith("#") ? places.get(file.substring(1)) : null;
        if (place == null) {
            return frame.toString();
        }
        String where = "cell [" + place.cell() + "], line " + place.cellLine(Math.max(frame.getLineNumber(), 1));
        return frame.getMethodName().isEmpty() ? where : frame.getMethodName() + " (" + where + ")";
    }

    /** The 1-based line of {@code code} that holds offset {@code at}. */
    static int lineOf(String code, int at) {
        int line = 1;
        for (int i = 0; i < Math.min(at, code.length()); i++) {
            if (code.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }
}

package io.jgrad.examples.notebook.kernel;

import io.jgrad.examples.notebook.eval.CellError;
import io.jgrad.examples.notebook.eval.CellEvaluator;
import io.jgrad.examples.notebook.eval.CellOutput;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import jdk.jshell.SourceCodeAnalysis;
import org.dflib.jjava.jupyter.channels.ShellReplyEnvironment;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.JupyterIO;
import org.dflib.jjava.jupyter.kernel.LanguageInfo;
import org.dflib.jjava.jupyter.kernel.ReplacementOptions;
import org.dflib.jjava.jupyter.kernel.comm.CommManager;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.util.StringStyler;
import org.dflib.jjava.jupyter.messages.Message;
import org.dflib.jjava.jupyter.messages.publish.PublishDisplayData;
import org.dflib.jjava.jupyter.messages.publish.PublishError;
import org.dflib.jjava.jupyter.messages.publish.PublishExecuteInput;
import org.dflib.jjava.jupyter.messages.publish.PublishExecuteResult;
import org.dflib.jjava.jupyter.messages.reply.ErrorReply;
import org.dflib.jjava.jupyter.messages.reply.ExecuteReply;
import org.dflib.jjava.jupyter.messages.request.ExecuteRequest;

/**
 * jgrad's Jupyter kernel: JJava's protocol library ({@link BaseKernel}) speaks to Jupyter, and a
 * {@link CellEvaluator} runs the cells. Each execute request publishes the cell's output as it comes (text as
 * stream messages, {@code display(...)} as display data), then its value as the execute result, or its error
 * (name, message and the lines of {@link CellError#traceback()}) in place of a stack of the kernel.
 *
 * <p>Interrupts arrive on the control channel, on another thread than the running cell, as
 * {@code interrupt_mode: message} in the kernel spec asks. Completion (Tab), signatures (Shift-Tab) and the
 * console's "is this input complete?" come from JShell's source analysis. There are no magics and no comms.
 */
public final class JgradKernel extends BaseKernel {
    private final CellEvaluator evaluator;

    public JgradKernel(CellEvaluator evaluator, String version) {
        super("jgrad", version, new LanguageInfo.Builder("java")
                        .version(Runtime.version().toString())
                        .mimetype("text/x-java-source")
                        .fileExtension(".jshell")
                        .pygments("java")
                        .codemirror("text/x-java")
                        .build(),
                List.of(), null, new JupyterIO(StandardCharsets.UTF_8), new CommManager(), new Renderer(), null, null,
                false, new StringStyler.Builder().build());
        this.evaluator = evaluator;
    }

    /**
     * Runs one cell and publishes what it does. NOTE: the cell's output arrives on JShell's reader thread while this
     * one waits in {@code evaluate}, so every use of {@code env} holds its lock: a message published from there
     * cannot slip in between {@code defer()} and the reply it is meant for.
     */
    @Override
    protected synchronized void handleExecuteRequest(ShellReplyEnvironment env, Message<ExecuteRequest> message) {
        commManager.setMessageContext(message);
        String code = message.getContent().getCode();
        int count = executionCount.getAndIncrement();
        synchronized (env) {
            env.setBusyDeferIdle();
            env.publish(new PublishExecuteInput(code, count));
        }
        Optional<CellError> error = evaluator.evaluate(count, code, new PublishingOutput(env, count));
        synchronized (env) {
            if (error.isEmpty()) {
                env.defer().reply(new ExecuteReply(count, Map.of()));
                return;
            }
            CellError e = error.get();
            env.publish(new PublishError(e.name(), e.value(), e.traceback()));
            ErrorReply reply = new ErrorReply(e.name(), e.value(), e.traceback());
            reply.setExecutionCount(count);
            env.defer().replyError(ExecuteReply.MESSAGE_TYPE.error(), reply);
        }
    }

    /** Publishes a cell's output to the notebook as it comes. */
    private record PublishingOutput(ShellReplyEnvironment env, int count) implements CellOutput {
        public void stdout(String text) {
            synchronized (env) {
                env.writeToStdOut(text);
            }
        }

        public void stderr(String text) {
            synchronized (env) {
                env.writeToStdErr(text);
            }
        }

        public void display(Map<String, String> bundle) {
            synchronized (env) {
                env.publish(new PublishDisplayData(displayData(bundle)));
            }
        }

        public void result(Map<String, String> bundle) {
            synchronized (env) {
                env.publish(new PublishExecuteResult(count, displayData(bundle)));
            }
        }
    }

    static DisplayData displayData(Map<String, String> bundle) {
        DisplayData data = new DisplayData();
        bundle.forEach(data::putData);
        return data;
    }

    /**
     * Runs {@code source} as a cell outside any request (JJava's extensions call this): printed text goes to this
     * JVM's standard output, and the value comes back as display data. Throws when the cell fails.
     */
    @Override
    public Object evalRaw(String source) {
        List<Map<String, String>> results = new ArrayList<>();
        Optional<CellError> error = evaluator.evaluate(executionCount.get(), source, new CellOutput() {
            public void stdout(String text) {
                System.out.print(text);
            }

            public void stderr(String text) {
                System.err.print(text);
            }

            public void display(Map<String, String> bundle) {
                System.out.println(bundle.get("text/plain"));
            }

            public void result(Map<String, String> bundle) {
                results.add(bundle);
            }
        });
        if (error.isPresent()) {
            throw new IllegalStateException(error.get().name() + ": " + error.get().value());
        }
        return results.isEmpty() ? null : displayData(results.get(0));
    }

    /** The signatures of the method or type at the cursor, as JShell's Shift-Tab shows them. */
    @Override
    public DisplayData inspect(String code, int at, boolean extraDetail) {
        List<SourceCodeAnalysis.Documentation> docs = evaluator.analysis().documentation(code, at, extraDetail);
        if (docs.isEmpty()) {
            return null;
        }
        StringBuilder text = new StringBuilder();
        for (SourceCodeAnalysis.Documentation doc : docs) {
            text.append(doc.signature()).append('\n');
            if (extraDetail && doc.javadoc() != null) {
                text.append(doc.javadoc()).append('\n');
            }
        }
        return new DisplayData(text.toString());
    }

    /** JShell's completions of the identifier before the cursor. */
    @Override
    public ReplacementOptions complete(String code, int at) {
        int[] anchor = new int[1];
        List<String> options = evaluator.analysis().completionSuggestions(code, at, anchor).stream()
                .map(SourceCodeAnalysis.Suggestion::continuation).distinct().toList();
        return new ReplacementOptions(options, anchor[0], at);
    }

    /** Whether a console should run the input now or wait for more lines, from JShell's own analysis. */
    @Override
    public String isComplete(String code) {
        SourceCodeAnalysis analysis = evaluator.analysis();
        SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(code);
        while (info.completeness().isComplete() && !info.remaining().isBlank()) {
            info = analysis.analyzeCompletion(info.remaining());
        }
        return switch (info.completeness()) {
            case COMPLETE, COMPLETE_WITH_SEMI, EMPTY -> IS_COMPLETE_YES;
            case DEFINITELY_INCOMPLETE, CONSIDERED_INCOMPLETE -> "    ";
            case UNKNOWN -> IS_COMPLETE_BAD;
        };
    }

    @Override
    public void interrupt() {
        evaluator.interrupt();
    }

    @Override
    public void onShutdown(boolean isRestarting) {
        super.onShutdown(isRestarting);
        evaluator.close();
    }
}

package io.jgrad.autograd;

import io.jgrad.core.Tensor;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The record of every op run while the tape is open, each with the rule that sends its output's gradient back
 * to its inputs. Recording order is already a topological order (an op runs after its inputs exist), so
 * {@link #backward} simply walks the record in reverse: no recursion, however deep the graph.
 *
 * <pre>{@code
 * try (Tape tape = Tape.open()) {
 *     Variable loss = model.loss(x);
 *     tape.backward(loss);           // parameters' grad() now hold dLoss/dParameter
 * }
 * }</pre>
 *
 * <p>Invariants: ops record onto the innermost open tape of their thread (the one thread-local in jgrad); tapes
 * nest, and closing one, in any order, never leaves a closed tape recording; with no open tape, or inside
 * {@link #noGrad()}, ops record nothing; after {@code backward} the record, and every tensor its rules saved, is
 * released.
 *
 * <p>What the tape refuses rather than get wrong, each with a message that says what was done:
 * <ul>
 *   <li>a value the graph holds (an op's inputs and output, which its rule may read) changed in place between the
 *       forward pass and backward: the {@linkplain io.jgrad.core.Storage#version() version} noted when the op was
 *       recorded no longer matches, and the gradient would be computed from the new numbers;</li>
 *   <li>a graph that crosses tapes: an op on this tape whose input an op on another tape produced (backward here
 *       would stop at that input and leave the leaves behind it without their gradient);</li>
 *   <li>a tape used from another thread than the one that opened it (each thread records on its own tapes).</li>
 * </ul>
 */
public final class Tape implements AutoCloseable {
    private static final ThreadLocal<Tape> CURRENT = new ThreadLocal<>();

    /** Sends the output's gradient {@code g} back to one input: returns dLoss/dInput. */
    @FunctionalInterface
    public interface Backward {
        Tensor apply(Tensor g);
    }

    /** Sends {@code g} back to one input by writing dLoss/dInput into {@code out}, a tensor of the input's shape. */
    @FunctionalInterface
    public interface BackwardInto {
        void write(Tensor g, Tensor out);
    }

    /**
     * A rule for an input that is usually a parameter, whose gradient can be written where the parameter keeps it:
     * the first gradient of a backward pass goes straight into that buffer, instead of into a new tensor that is
     * then copied there (for a linear layer's weight, a second pass over a [out, in] matrix, and a buffer of that
     * size, every step). For any other input it makes a new tensor of the input's shape, as a plain rule does.
     */
    public static Backward into(Variable input, BackwardInto rule) {
        return new Into(input.value(), rule);
    }

    /** See {@link #into}. */
    record Into(Tensor input, BackwardInto rule) implements Backward {
        @Override
        public Tensor apply(Tensor g) {
            Tensor out = input.zerosLike(input.shape());
            rule.write(g, out);
            return out;
        }
    }

    /**
     * One recorded op: its output, its inputs, one backward rule per input, and the versions of the inputs' values
     * and of the output's value (last) when it was recorded.
     */
    record Node(String op, Variable output, Variable[] inputs, Backward[] rules, int[] versions) {
    }

    private final List<Node> nodes = new ArrayList<>();
    private final Tape previous;
    private final Thread thread = Thread.currentThread();
    private boolean closed;

    private Tape(Tape previous) {
        this.previous = previous;
    }

    /** Opens a tape on this thread; ops record onto it until {@link #close()}. */
    public static Tape open() {
        Tape tape = new Tape(CURRENT.get());
        CURRENT.set(tape);
        return tape;
    }

    /** A scope that ends without checked exceptions, for try-with-resources. */
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }

    /** A scope in which nothing is recorded (evaluation, sampling); closing it restores recording. */
    public static Scope noGrad() {
        Tape outer = CURRENT.get();
        CURRENT.set(null);
        return () -> CURRENT.set(outer);
    }

    /** Whether ops on this thread are being recorded now. */
    public static boolean isRecording() {
        return CURRENT.get() != null;
    }

    /** Records a one-input op; returns its output variable. */
    public static Variable record(String op, Tensor value, Variable a, Backward ra) {
        return record(op, value, new Variable[] {a}, new Backward[] {ra});
    }

    /** Records a two-input op; returns its output variable. */
    public static Variable record(String op, Tensor value, Variable a, Backward ra, Variable b, Backward rb) {
        return record(op, value, new Variable[] {a, b}, new Backward[] {ra, rb});
    }

    /**
     * Records an op with one backward rule per input. When no tape is open, or no input needs a gradient, the
     * output is a plain constant and nothing is kept.
     */
    public static Variable record(String op, Tensor value, Variable[] inputs, Backward[] rules) {
        Tape tape = CURRENT.get();
        boolean needed = false;
        for (Variable input : inputs) {
            needed |= input.requiresGrad();
        }
        if (tape == null || !needed) {
            return Variable.constant(value);
        }
        int[] versions = new int[inputs.length + 1];
        for (int i = 0; i < inputs.length; i++) {
            Tape origin = inputs[i].tape();
            if (origin != null && origin != tape) {
                throw new IllegalStateException(op + ": input " + i + " (shape " + inputs[i].shape() + ") was recorded on"
                        + " another tape, so backward on this one could not reach what it depends on; record the whole"
                        + " computation under one Tape.open(), or detach() the input to treat it as a constant");
            }
            versions[i] = inputs[i].value().storage().version();
        }
        versions[inputs.length] = value.storage().version();
        Variable output = Variable.result(value, true, tape);
        tape.nodes.add(new Node(op, output, inputs.clone(), rules.clone(), versions));
        return output;
    }

    /** Backpropagates from a scalar loss: dLoss/dLoss = 1. */
    public void backward(Variable loss) {
        if (loss.value().numel() != 1) {
            throw new IllegalArgumentException("backward: the loss must have one element, got shape " + loss.shape()
                    + "; pass a seed gradient of that shape instead");
        }
        backward(loss, loss.value().zerosLike(loss.shape()).fillInPlace(1f));
    }

    /**
     * Walks the record in reverse: each op whose output received a gradient passes it to every input that needs
     * one, through that input's rule; gradients from several uses of a variable add up. Each node and its saved
     * tensors are released as soon as they have been used.
     */
    public void backward(Variable output, Tensor seed) {
        checkThread("backward");
        if (closed) {
            throw new IllegalStateException("backward: this tape was already used or closed; record the forward pass again");
        }
        if (!output.requiresGrad()) {
            throw new IllegalArgumentException("backward: the output does not depend on anything that requires a gradient");
        }
        if (output.tape() != null && output.tape() != this) {
            throw new IllegalArgumentException("backward: the output was recorded on another tape; call backward on"
                    + " the tape that recorded it");
        }
        if (!seed.shape().equals(output.shape())) {
            throw new IllegalArgumentException("backward: seed gradient of shape " + seed.shape()
                    + " for an output of shape " + output.shape());
        }
        output.accumulate(seed);
        for (int i = nodes.size() - 1; i >= 0; i--) {
            Node node = nodes.get(i);
            nodes.set(i, null);
            Tensor g = node.output().grad();
            if (g == null) {
                continue;
            }
            checkVersions(node);
            for (int j = 0; j < node.inputs().length; j++) {
                Variable input = node.inputs()[j];
                if (input.requiresGrad()) {
                    Backward rule = node.rules()[j];
                    if (!(rule instanceof Into into && input.writeFirstGrad(into.rule(), g))) {
                        input.accumulate(checked(node, j, rule.apply(g)));
                    }
                }
            }
            node.output().releaseGrad();
        }
        close();
    }

    /** Refuses a node whose inputs or output changed in place since it was recorded. */
    private static void checkVersions(Node node) {
        for (int i = 0; i <= node.inputs().length; i++) {
            Variable v = i < node.inputs().length ? node.inputs()[i] : node.output();
            int now = v.value().storage().version();
            if (now != node.versions()[i]) {
                throw new IllegalStateException("backward: " + (i < node.inputs().length ? "input " + i : "the output")
                        + " of " + node.op() + " (shape " + v.shape() + ") was modified in place after the forward"
                        + " pass (version " + node.versions()[i] + ", now " + now + "), so its gradient would use the"
                        + " new values; change values before the forward pass, or compute from a copy()");
            }
        }
    }

    private void checkThread(String what) {
        if (Thread.currentThread() != thread) {
            throw new IllegalStateException(what + ": this tape was opened on thread '" + thread.getName()
                    + "' and belongs to it; each thread records on tapes of its own");
        }
    }

    private static Tensor checked(Node node, int j, Tensor gradient) {
        if (!gradient.shape().equals(node.inputs()[j].shape())) {
            throw new IllegalStateException(node.op() + ": the gradient rule for input " + j + " returned shape "
                    + gradient.shape() + " but the input has shape " + node.inputs()[j].shape());
        }
        return gradient;
    }

    /** Releases the record and stops recording on this thread. */
    @Override
    public void close() {
        checkThread("close");
        nodes.clear();
        closed = true;
        if (CURRENT.get() == this) {
            Tape open = previous;
            while (open != null && open.closed) {          // an enclosing tape closed before this one
                open = open.previous;
            }
            CURRENT.set(open);
        }
    }

    /** The number of ops recorded so far. */
    public int size() {
        return nodes.size();
    }

    /** The record as text, one op a line: {@code %3 = matmul(%1, encoder.0.weight) [256, 400]}. */
    @Override
    public String toString() {
        Names names = new Names();
        StringBuilder out = new StringBuilder();
        for (Node node : nodes) {
            if (node == null) {
                continue;
            }
            List<String> args = new ArrayList<>();
            for (Variable input : node.inputs()) {
                args.add(names.of(input));
            }
            out.append(names.of(node.output())).append(" = ").append(node.op())
                    .append('(').append(String.join(", ", args)).append(") ").append(node.output().shape()).append('\n');
        }
        return out.toString();
    }

    /** The record as a Graphviz DOT graph: ops as boxes, parameters as green ellipses, other inputs grey. */
    public String toDot() {
        Names names = new Names();
        StringBuilder out = new StringBuilder("digraph tape {\n  rankdir=LR;\n  node [fontname=\"Helvetica\"];\n");
        Map<Variable, Boolean> declared = new IdentityHashMap<>();
        for (Node node : nodes) {
            if (node == null) {
                continue;
            }
            String id = names.of(node.output()).substring(1);
            out.append("  n").append(id).append(" [shape=box, label=\"").append(node.op()).append("\\n")
                    .append(node.output().shape()).append("\"];\n");
            for (Variable input : node.inputs()) {
                String from = names.of(input);
                if (from.startsWith("%")) {
                    out.append("  n").append(from.substring(1));
                } else {
                    String leafId = "l" + System.identityHashCode(input);
                    if (declared.put(input, true) == null) {
                        boolean parameter = input.name() != null;
                        out.append("  ").append(leafId).append(" [shape=ellipse, style=filled, fillcolor=")
                                .append(parameter ? "palegreen" : "lightgrey").append(", label=\"").append(from)
                                .append("\\n").append(input.shape()).append("\"];\n");
                    }
                    out.append("  ").append(leafId);
                }
                out.append(" -> n").append(id).append(";\n");
            }
        }
        return out.append("}\n").toString();
    }

    /** Short names for printing: parameters by name, other leaves as inputs, op outputs as %1, %2, ... */
    private final class Names {
        private final Map<Variable, String> names = new IdentityHashMap<>();
        private int nextInput;

        String of(Variable v) {
            return names.computeIfAbsent(v, key -> {
                if (key.name() != null) {
                    return key.name();
                }
                if (key.isLeaf()) {
                    return "input" + nextInput++;
                }
                return "%" + (outputIndex(key) + 1);
            });
        }

        private int outputIndex(Variable v) {
            for (int i = 0; i < nodes.size(); i++) {
                if (nodes.get(i) != null && nodes.get(i).output() == v) {
                    return i;
                }
            }
            return -1;
        }
    }
}

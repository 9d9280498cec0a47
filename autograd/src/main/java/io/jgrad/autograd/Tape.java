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
 */
public final class Tape implements AutoCloseable {
    private static final ThreadLocal<Tape> CURRENT = new ThreadLocal<>();

    /** Sends the output's gradient {@code g} back to one input: returns dLoss/dInput. */
    @FunctionalInterface
    public interface Backward {
        Tensor apply(Tensor g);
    }

    /** One recorded op: its output, its inputs, and one backward rule per input. */
    record Node(String op, Variable output, Variable[] inputs, Backward[] rules) {
    }

    private final List<Node> nodes = new ArrayList<>();
    private final Tape previous;
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
        Variable output = Variable.result(value, true);
        tape.nodes.add(new Node(op, output, inputs.clone(), rules.clone()));
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
        if (closed) {
            throw new IllegalStateException("backward: this tape was already used or closed; record the forward pass again");
        }
        if (!output.requiresGrad()) {
            throw new IllegalArgumentException("backward: the output does not depend on anything that requires a gradient");
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
            for (int j = 0; j < node.inputs().length; j++) {
                Variable input = node.inputs()[j];
                if (input.requiresGrad()) {
                    input.accumulate(checked(node, j, node.rules()[j].apply(g)));
                }
            }
            node.output().releaseGrad();
        }
        close();
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

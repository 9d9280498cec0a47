package io.jgrad.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jgrad.autograd.nn.Parameter;
import io.jgrad.core.Tensor;
import org.junit.jupiter.api.Test;

/**
 * The tape printed, so a reader can see what a forward pass recorded: one line per op with its inputs and output
 * shape, parameters by their state-dict names; and the same graph as Graphviz DOT.
 */
class TapePrintingTest {

    private final Parameter weight = new Parameter("encoder.0.weight", Tensor.ones(3, 2));
    private final Parameter bias = new Parameter("encoder.0.bias", Tensor.zeros(3));
    private final Variable x = Variable.leaf(Tensor.ones(4, 2));

    /** relu(x W^T + b), summed: a linear layer as the primitives it is made of. */
    private Variable forward() {
        return x.matmul(weight.transpose(0, 1)).add(bias).relu().sum();
    }

    @Test
    void toStringListsEveryOpWithItsInputsAndShapeInRecordingOrder() {
        try (Tape tape = Tape.open()) {
            forward();
            // The bias is broadcast by an explicit expand, recorded before the add that uses it.
            assertEquals("""
                    %1 = transpose(encoder.0.weight) [2, 3]
                    %2 = matmul(input0, %1) [4, 3]
                    %3 = expand(encoder.0.bias) [4, 3]
                    %4 = add(%2, %3) [4, 3]
                    %5 = relu(%4) [4, 3]
                    %6 = sum(%5) []
                    """, tape.toString());
        }
    }

    @Test
    void toDotIsAGraphvizDigraphWithParametersAsNamedLeaves() {
        try (Tape tape = Tape.open()) {
            forward();
            String dot = tape.toDot();
            assertTrue(dot.startsWith("digraph tape {"), dot);
            assertTrue(dot.strip().endsWith("}"), dot);
            assertTrue(dot.contains("label=\"encoder.0.weight\\n[3, 2]\""), dot);
            assertTrue(dot.contains("label=\"encoder.0.bias\\n[3]\""), dot);
            assertTrue(dot.contains("palegreen"), "parameters are drawn green: " + dot);
            assertTrue(dot.contains("label=\"matmul\\n[4, 3]\""), dot);
            assertTrue(dot.contains("n1 -> n2;") && dot.contains("n5 -> n6;"), "op outputs feed later ops: " + dot);
            // Every edge line names two nodes, and braces balance: a quick check that Graphviz will parse it.
            for (String line : dot.split("\n")) {
                if (line.contains("->")) {
                    assertTrue(line.strip().matches("[nl]\\w+ -> n\\d+;"), line);
                }
            }
            assertEquals(dot.chars().filter(c -> c == '{').count(), dot.chars().filter(c -> c == '}').count());
        }
    }

    @Test
    void anEmptyTapePrintsNothingAndAnEmptyGraph() {
        try (Tape tape = Tape.open()) {
            assertEquals("", tape.toString());
            assertTrue(tape.toDot().startsWith("digraph") && !tape.toDot().contains("->"));
        }
    }
}

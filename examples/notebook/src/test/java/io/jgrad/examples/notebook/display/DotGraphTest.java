package io.jgrad.examples.notebook.display;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jgrad.autograd.Tape;
import io.jgrad.autograd.Variable;
import io.jgrad.core.Tensor;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DotGraphTest {
    /** The DOT of a real tape: loss = sum(sigmoid(x * w)). */
    private static String tapeDot() {
        Variable x = Variable.constant(Tensor.of(new float[] {1, 2}, 2));
        Variable w = Variable.leaf(Tensor.of(new float[] {3, 4}, 2));
        try (Tape tape = Tape.open()) {
            x.mul(w).sigmoid().sum();
            return tape.toDot();
        }
    }

    @Test
    void aTapeReadsAsItsOpsInOrderWithTheirInputs() {
        DotGraph.Graph graph = DotGraph.parse(tapeDot());
        List<DotGraph.Node> ops = graph.nodes().values().stream().filter(n -> !n.ellipse()).toList();
        assertEquals(List.of("mul", "sigmoid", "sum"), ops.stream().map(n -> n.lines().get(0)).toList());
        assertEquals(List.of("[2]", "[2]", "[]"), ops.stream().map(n -> n.lines().get(1)).toList());
        assertEquals(2, graph.nodes().values().stream().filter(DotGraph.Node::ellipse).count(), "x and w");
        assertEquals(4, graph.edges().size());
    }

    @Test
    void everyEdgePointsToALaterColumn() {
        DotGraph.Graph graph = DotGraph.parse(tapeDot());
        Map<String, Integer> columns = DotGraph.columns(graph);
        for (DotGraph.Edge edge : graph.edges()) {
            assertTrue(columns.get(edge.from()) < columns.get(edge.to()), edge.toString());
        }
        assertEquals(3, columns.values().stream().mapToInt(Integer::intValue).max().orElseThrow(), "x, w -> mul -> sigmoid -> sum");
    }

    @Test
    void theDrawingIsWiderThanTallForAChainAndNotBlank() {
        BufferedImage image = DotGraph.render(tapeDot());
        assertTrue(image.getWidth() > 2 * image.getHeight(), image.getWidth() + "x" + image.getHeight());
        long dark = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                dark += (image.getRGB(x, y) & 0xff) < 100 ? 1 : 0;
            }
        }
        assertTrue(dark > 200, "outlines, arrows and labels: " + dark + " dark pixels");
    }

    @Test
    void chainsQuotedIdsAndDefaultsAreRead() {
        DotGraph.Graph graph = DotGraph.parse("digraph g { rankdir=LR; node [shape=box]; \"a\" -> b -> c; b [label=\"B; 1\"]; }");
        assertEquals(List.of("a", "b", "c"), List.copyOf(graph.nodes().keySet()));
        assertEquals(List.of("B; 1"), graph.nodes().get("b").lines());
        assertEquals(2, graph.edges().size());
    }

    @Test
    void aCycleHasNoLeftToRightLayout() {
        DotGraph.Graph graph = DotGraph.parse("digraph g { a -> b; b -> a; }");
        assertThrows(IllegalArgumentException.class, () -> DotGraph.columns(graph));
    }
}

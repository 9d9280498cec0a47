package io.jgrad.examples.notebook.display;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Draws a small directed graph written in Graphviz's DOT language, such as {@code Tape.toDot()}, as a picture,
 * without Graphviz: the notebook needs no program besides Java to show a tape.
 *
 * <p>It reads the part of DOT that the tape writes: node statements {@code id [shape=box, label="a\nb",
 * fillcolor=palegreen]} and edges {@code a -> b} (chains too); graph, node and edge defaults are skipped. The
 * layout is the simplest layered one, left to right as {@code rankdir=LR}: a node's column is the length of the
 * longest path that reaches it, so every edge points right; in a column, nodes keep the order they were declared.
 * That is all a tape of a few dozen ops needs; for anything larger, feed {@code toDot()} to Graphviz.
 */
public final class DotGraph {
    static {
        System.setProperty("java.awt.headless", "true");
    }

    /** A node: its label's lines, whether it is drawn as an ellipse (else a box), and its fill colour. */
    record Node(String id, List<String> lines, boolean ellipse, Color fill) {
    }

    /** An edge from one node id to another. */
    record Edge(String from, String to) {
    }

    /** The nodes, in the order they were first named, and the edges. */
    record Graph(Map<String, Node> nodes, List<Edge> edges) {
    }

    static final int COLUMN_GAP = 48;
    static final int ROW_GAP = 14;
    static final int PADDING = 8;
    static final int MARGIN = 12;

    private static final Pattern GRAPH_ATTRIBUTE = Pattern.compile("\\w+\\s*=.*");
    private static final Pattern EDGE = Pattern.compile("\"?[\\w.]+\"?(\\s*->\\s*\"?[\\w.]+\"?)+");
    private static final Pattern NODE = Pattern.compile("\"?([\\w.]+)\"?\\s*(\\[(.*)])?", Pattern.DOTALL);
    private static final Pattern ATTRIBUTE = Pattern.compile("(\\w+)\\s*=\\s*(\"(?:[^\"\\\\]|\\\\.)*\"|[^,\\s\\]]+)");
    private static final Map<String, Color> COLORS = Map.of(
            "white", Color.WHITE, "palegreen", new Color(152, 251, 152), "lightgrey", new Color(211, 211, 211),
            "lightgray", new Color(211, 211, 211), "lightblue", new Color(173, 216, 230), "yellow", Color.YELLOW);

    private DotGraph() {
    }

    /** The graph drawn left to right on a white picture. */
    public static BufferedImage render(String dot) {
        return draw(parse(dot));
    }

    /** Reads the statements between the outer braces of {@code digraph name { ... }}. */
    static Graph parse(String dot) {
        int open = dot.indexOf('{');
        int close = dot.lastIndexOf('}');
        if (open < 0 || close < open) {
            throw new IllegalArgumentException("DotGraph: expected 'digraph name { ... }', got: " + dot);
        }
        Map<String, Node> nodes = new LinkedHashMap<>();
        List<Edge> edges = new ArrayList<>();
        for (String statement : statements(dot.substring(open + 1, close))) {
            if (GRAPH_ATTRIBUTE.matcher(statement).matches()) {
                continue;                                                      // rankdir=LR and the like
            }
            if (EDGE.matcher(statement).matches()) {
                String[] ids = statement.replace("\"", "").split("\\s*->\\s*");
                for (int i = 0; i + 1 < ids.length; i++) {
                    nodes.computeIfAbsent(ids[i], DotGraph::plainNode);
                    nodes.computeIfAbsent(ids[i + 1], DotGraph::plainNode);
                    edges.add(new Edge(ids[i], ids[i + 1]));
                }
                continue;
            }
            Matcher node = NODE.matcher(statement);
            if (!node.matches()) {
                throw new IllegalArgumentException("DotGraph: cannot read the statement '" + statement + "'");
            }
            String id = node.group(1);
            if (id.equals("graph") || id.equals("node") || id.equals("edge")) {
                continue;                                                  // defaults for what follows
            }
            nodes.put(id, node(id, node.group(3) == null ? "" : node.group(3)));
        }
        return new Graph(nodes, edges);
    }

    /** Splits on {@code ;} and line breaks outside quoted strings; drops empty statements. */
    static List<String> statements(String body) {
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c == '"' && (i == 0 || body.charAt(i - 1) != '\\')) {
                quoted = !quoted;
            }
            if (!quoted && (c == ';' || c == '\n')) {
                if (!current.toString().isBlank()) {
                    statements.add(current.toString().strip());
                }
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        if (!current.toString().isBlank()) {
            statements.add(current.toString().strip());
        }
        return statements;
    }

    private static Node plainNode(String id) {
        return new Node(id, List.of(id), true, Color.WHITE);
    }

    private static Node node(String id, String attributes) {
        Map<String, String> values = new LinkedHashMap<>();
        Matcher attribute = ATTRIBUTE.matcher(attributes);
        while (attribute.find()) {
            String value = attribute.group(2);
            if (value.startsWith("\"")) {
                value = value.substring(1, value.length() - 1).replace("\\n", "\n").replace("\\\"", "\"");
            }
            values.put(attribute.group(1), value);
        }
        String label = values.getOrDefault("label", id);
        boolean ellipse = !values.getOrDefault("shape", "ellipse").equals("box");
        Color fill = COLORS.getOrDefault(values.getOrDefault("fillcolor", "white"), Color.WHITE);
        return new Node(id, List.of(label.split("\n")), ellipse, fill);
    }

    /**
     * Column of each node: 0 for a node nothing points to, else one more than the largest column among the nodes
     * that point to it. Relaxing every edge n times settles it on any graph without cycles of n nodes.
     */
    static Map<String, Integer> columns(Graph graph) {
        Map<String, Integer> column = new LinkedHashMap<>();
        graph.nodes().keySet().forEach(id -> column.put(id, 0));
        for (int pass = 0; pass < graph.nodes().size(); pass++) {
            boolean changed = false;
            for (Edge edge : graph.edges()) {
                int wanted = column.get(edge.from()) + 1;
                if (column.get(edge.to()) < wanted) {
                    column.put(edge.to(), wanted);
                    changed = true;
                }
            }
            if (!changed) {
                return column;
            }
        }
        throw new IllegalArgumentException("DotGraph: the graph has a cycle, so it has no left-to-right layout");
    }

    static BufferedImage draw(Graph graph) {
        Font font = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
        FontMetrics metrics = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB).createGraphics().getFontMetrics(font);
        Map<String, Integer> column = columns(graph);
        int columnCount = column.values().stream().mapToInt(Integer::intValue).max().orElse(-1) + 1;
        int[] columnWidth = new int[columnCount];
        int[] columnHeight = new int[columnCount];
        Map<String, int[]> size = new LinkedHashMap<>();                      // id -> {width, height}
        for (Node node : graph.nodes().values()) {
            int width = node.lines().stream().mapToInt(metrics::stringWidth).max().orElse(0) + 2 * PADDING;
            int height = node.lines().size() * metrics.getHeight() + PADDING;
            if (node.ellipse()) {                                             // an ellipse needs room round its text
                width += width / 3;
                height += height / 3;
            }
            size.put(node.id(), new int[] {width, height});
            int c = column.get(node.id());
            columnWidth[c] = Math.max(columnWidth[c], width);
            columnHeight[c] += height + ROW_GAP;
        }
        int tallest = 0;
        for (int height : columnHeight) {
            tallest = Math.max(tallest, height);
        }
        Map<String, int[]> box = new LinkedHashMap<>();                       // id -> {x, y, width, height}
        int[] left = new int[columnCount];
        int[] nextTop = new int[columnCount];
        for (int c = 0, x = MARGIN; c < columnCount; x += columnWidth[c++] + COLUMN_GAP) {
            left[c] = x;
            nextTop[c] = MARGIN + (tallest - columnHeight[c]) / 2;          // columns centred on one another
        }
        for (Node node : graph.nodes().values()) {
            int c = column.get(node.id());
            int[] wh = size.get(node.id());
            box.put(node.id(), new int[] {left[c] + (columnWidth[c] - wh[0]) / 2, nextTop[c], wh[0], wh[1]});
            nextTop[c] += wh[1] + ROW_GAP;
        }
        int width = columnCount == 0 ? 2 * MARGIN : left[columnCount - 1] + columnWidth[columnCount - 1] + MARGIN;
        BufferedImage image = new BufferedImage(width, tallest + 2 * MARGIN, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, image.getWidth(), image.getHeight());
            g.setStroke(new BasicStroke(1.2f));
            g.setFont(font);
            for (Edge edge : graph.edges()) {
                arrow(g, box.get(edge.from()), box.get(edge.to()));
            }
            for (Node node : graph.nodes().values()) {
                drawNode(g, metrics, node, box.get(node.id()));
            }
        } finally {
            g.dispose();
        }
        return image;
    }

    /** A straight line from the right edge of {@code from} to the left edge of {@code to}, with a filled head. */
    private static void arrow(Graphics2D g, int[] from, int[] to) {
        double x0 = from[0] + from[2];
        double y0 = from[1] + from[3] / 2.0;
        double x1 = to[0];
        double y1 = to[1] + to[3] / 2.0;
        g.setColor(Color.DARK_GRAY);
        g.draw(new Line2D.Double(x0, y0, x1, y1));
        double angle = Math.atan2(y1 - y0, x1 - x0);
        Path2D head = new Path2D.Double();
        head.moveTo(x1, y1);
        head.lineTo(x1 - 9 * Math.cos(angle - 0.4), y1 - 9 * Math.sin(angle - 0.4));
        head.lineTo(x1 - 9 * Math.cos(angle + 0.4), y1 - 9 * Math.sin(angle + 0.4));
        head.closePath();
        g.fill(head);
    }

    private static void drawNode(Graphics2D g, FontMetrics metrics, Node node, int[] b) {
        g.setColor(node.fill());
        if (node.ellipse()) {
            g.fillOval(b[0], b[1], b[2], b[3]);
        } else {
            g.fillRect(b[0], b[1], b[2], b[3]);
        }
        g.setColor(Color.BLACK);
        if (node.ellipse()) {
            g.drawOval(b[0], b[1], b[2], b[3]);
        } else {
            g.drawRect(b[0], b[1], b[2], b[3]);
        }
        int top = b[1] + (b[3] - node.lines().size() * metrics.getHeight()) / 2 + metrics.getAscent();
        for (String line : node.lines()) {
            g.drawString(line, b[0] + (b[2] - metrics.stringWidth(line)) / 2, top);
            top += metrics.getHeight();
        }
    }
}

package io.jgrad.examples.notebook.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A {@link CellOutput} that keeps everything, in order, for tests to look at. */
public final class RecordedOutput implements CellOutput {
    /** One piece of output: {@code kind} is stdout, stderr, display or result; text pieces have only text/plain. */
    public record Piece(String kind, Map<String, String> data) {
        public String text() {
            return data.getOrDefault("text/plain", "");
        }
    }

    private final List<Piece> pieces = new ArrayList<>();

    public synchronized List<Piece> pieces() {
        return List.copyOf(pieces);
    }

    /** All of standard output, joined. */
    public synchronized String stdout() {
        return joined("stdout");
    }

    public synchronized String stderr() {
        return joined("stderr");
    }

    /** The bundles shown with display(...) and the result, in order. */
    public synchronized List<Map<String, String>> bundles() {
        return pieces.stream().filter(p -> p.kind().equals("display") || p.kind().equals("result"))
                .map(Piece::data).toList();
    }

    public synchronized void stdout(String text) {
        pieces.add(new Piece("stdout", Map.of("text/plain", text)));
    }

    public synchronized void stderr(String text) {
        pieces.add(new Piece("stderr", Map.of("text/plain", text)));
    }

    public synchronized void display(Map<String, String> bundle) {
        pieces.add(new Piece("display", bundle));
    }

    public synchronized void result(Map<String, String> bundle) {
        pieces.add(new Piece("result", bundle));
    }

    private String joined(String kind) {
        StringBuilder text = new StringBuilder();
        pieces.stream().filter(p -> p.kind().equals(kind)).forEach(p -> text.append(p.text()));
        return text.toString();
    }
}

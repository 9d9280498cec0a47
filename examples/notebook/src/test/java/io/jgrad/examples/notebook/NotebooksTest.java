package io.jgrad.examples.notebook;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.jgrad.examples.notebook.eval.CellError;
import io.jgrad.examples.notebook.eval.CellEvaluator;
import io.jgrad.examples.notebook.eval.NotebookVm;
import io.jgrad.examples.notebook.eval.RecordedOutput;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every code cell of every notebook in {@code notebooks/}, top to bottom, through the kernel's evaluator, on
 * synthetic IDX files for two epochs (surefire sets {@code JGRAD_DATA} and {@code JGRAD_EPOCHS}): no cell may
 * fail, and every cell that shows a picture in the committed notebook must show one here too. The committed
 * notebooks must carry the outputs of a real run, pictures included, so a reader sees them without running it.
 */
class NotebooksTest {
    static final Path NOTEBOOKS = Path.of("notebooks");

    @BeforeAll
    static void writeTheSyntheticData() throws IOException {
        String data = System.getenv("JGRAD_DATA");
        assertNotNull(data, "JGRAD_DATA must name the folder for the synthetic IDX files (the POM sets it)");
        SyntheticMnist.write(Path.of(data));
    }

    static Stream<Path> notebooks() throws IOException {
        try (Stream<Path> files = Files.list(NOTEBOOKS)) {
            List<Path> notebooks = files.filter(p -> p.toString().endsWith(".ipynb")).sorted().toList();
            assertFalse(notebooks.isEmpty(), "no notebooks in " + NOTEBOOKS.toAbsolutePath());
            return notebooks.stream();
        }
    }

    /** A code cell: its source, and how many pictures its committed outputs hold. */
    record Cell(String source, int committedPictures, boolean committedRun) {
    }

    static List<Cell> codeCells(Path notebook) throws IOException {
        JsonObject json = JsonParser.parseString(Files.readString(notebook)).getAsJsonObject();
        List<Cell> cells = new ArrayList<>();
        for (JsonElement element : json.getAsJsonArray("cells")) {
            JsonObject cell = element.getAsJsonObject();
            if (!cell.get("cell_type").getAsString().equals("code")) {
                continue;
            }
            StringBuilder source = new StringBuilder();
            JsonElement lines = cell.get("source");
            if (lines.isJsonArray()) {
                lines.getAsJsonArray().forEach(line -> source.append(line.getAsString()));
            } else {
                source.append(lines.getAsString());
            }
            int pictures = 0;
            for (JsonElement output : cell.getAsJsonArray("outputs")) {
                JsonObject data = output.getAsJsonObject().getAsJsonObject("data");
                pictures += data != null && data.has("image/png") ? 1 : 0;
            }
            cells.add(new Cell(source.toString(), pictures, !cell.get("execution_count").isJsonNull()));
        }
        return cells;
    }

    @ParameterizedTest
    @MethodSource("notebooks")
    void everyCellRunsAndShowsThePicturesTheCommittedRunShows(Path notebook) throws IOException {
        List<Cell> cells = codeCells(notebook);
        assertTrue(cells.stream().allMatch(Cell::committedRun), notebook + " must be committed with every cell run");
        assertTrue(cells.stream().anyMatch(c -> c.committedPictures() > 0), notebook + " must be committed with its pictures");
        try (CellEvaluator evaluator = new CellEvaluator(NotebookVm.ofThisJvm())) {
            for (int i = 0; i < cells.size(); i++) {
                RecordedOutput out = new RecordedOutput();
                Optional<CellError> error = evaluator.evaluate(i + 1, cells.get(i).source(), out);
                if (error.isPresent()) {
                    fail(notebook.getFileName() + ", code cell " + (i + 1) + " failed:\n"
                            + String.join("\n", error.get().traceback()) + "\n--- its output:\n" + out.stdout() + out.stderr());
                }
                long pictures = out.bundles().stream().filter(b -> b.containsKey("image/png")).count();
                if (cells.get(i).committedPictures() > 0 && pictures == 0) {
                    fail(notebook.getFileName() + ", code cell " + (i + 1) + " showed no picture; its output:\n"
                            + out.stdout() + out.stderr());
                }
            }
        }
    }
}

package io.jgrad.examples.notebook.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jgrad.examples.notebook.display.Display;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The cells' standard output arrives in chunks of any size; the decoder must not care where they are cut. */
class DisplayDecoderTest {
    private final List<String> events = new ArrayList<>();
    private final DisplayDecoder decoder = new DisplayDecoder(new DisplayDecoder.Listener() {
        public void text(String text) {
            events.add("text:" + text);
        }

        public void bundle(String kind, Map<String, String> bundle) {
            events.add(kind + ":" + bundle);
        }
    });

    private static String displayLine(String kind, String plain, byte[] png) {
        Map<String, byte[]> bundle = new LinkedHashMap<>();
        bundle.put("image/png", png);
        bundle.put("text/plain", plain.getBytes(StandardCharsets.UTF_8));
        return Display.encode(kind, bundle) + "\n";
    }

    /** Feeds {@code bytes} in pieces of {@code chunk} bytes and joins consecutive text events. */
    private List<String> feed(byte[] bytes, int chunk) {
        for (int i = 0; i < bytes.length; i += chunk) {
            decoder.write(bytes, i, Math.min(chunk, bytes.length - i));
        }
        List<String> joined = new ArrayList<>();
        for (String event : events) {
            int last = joined.size() - 1;
            if (event.startsWith("text:") && last >= 0 && joined.get(last).startsWith("text:")) {
                joined.set(last, joined.get(last) + event.substring(5));
            } else {
                joined.add(event);
            }
        }
        return joined;
    }

    @Test
    void textAndDisplayLinesComeOutInOrderHoweverTheBytesAreCut() {
        String stream = "loss 0.5 – fine\n" + displayLine(Display.DISPLAY, "a picture", new byte[] {1, 2, 3})
                + "after" + displayLine(Display.RESULT, "é", new byte[] {(byte) 0x89, 'P'});
        byte[] bytes = stream.getBytes(StandardCharsets.UTF_8);
        List<String> expected = List.of("text:loss 0.5 – fine\n", "display:{image/png=AQID, text/plain=a picture}",
                "text:after", "result:{image/png=iVA=, text/plain=é}");
        for (int chunk : new int[] {1, 2, 3, 7, bytes.length}) {
            events.clear();
            assertEquals(expected, feed(bytes, chunk), "chunks of " + chunk + " bytes");
        }
    }

    @Test
    void aCharacterCutBetweenTwoWritesIsPassedOnWhole() {
        byte[] euro = "€".getBytes(StandardCharsets.UTF_8);
        decoder.write(euro, 0, 1);
        decoder.write(euro, 1, 2);
        assertEquals(List.of("text:€"), events);
    }

    @Test
    void textWithoutALineBreakIsPassedOnAtOnceForProgressLines() {
        byte[] progress = "\repoch 1  40%".getBytes(StandardCharsets.UTF_8);
        decoder.write(progress, 0, progress.length);
        assertEquals(List.of("text:\repoch 1  40%"), events);
    }

    @Test
    void aLineThatOnlyStartsWithTheControlCharacterIsText() {
        byte[] line = "\u0001not a display\n".getBytes(StandardCharsets.UTF_8);
        decoder.write(line, 0, line.length);
        assertEquals(List.of("text:\u0001not a display\n"), events);
    }

    @Test
    void theCompleteLengthStopsBeforeAnUnfinishedCharacter() {
        byte[] threeBytes = "€".getBytes(StandardCharsets.UTF_8);
        assertEquals(0, DisplayDecoder.completeUtf8Length(new byte[] {threeBytes[0], threeBytes[1]}));
        assertEquals(1, DisplayDecoder.completeUtf8Length(new byte[] {'a', threeBytes[0]}));
        assertEquals(3, DisplayDecoder.completeUtf8Length(threeBytes));
        assertEquals(2, DisplayDecoder.completeUtf8Length("ab".getBytes(StandardCharsets.UTF_8)));
    }
}

package io.jgrad.examples.notebook.eval;

import io.jgrad.examples.notebook.display.Display;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Reads the standard output of the notebook's JVM as it arrives, in chunks of any size: display lines (from
 * {@link Display#MARKER} to the line break) become display bundles, everything else is passed on as text, in order.
 *
 * <p>Text is passed on at the end of every write, so a progress line ending in {@code \r} shows at once; only the
 * bytes of a character split between two writes wait for the next one. From a U+0001 on, output is held until the
 * line break, since only then can it be told apart from a display line. It need not start a line: after
 * {@code print("x")} the display line follows the x directly.
 */
final class DisplayDecoder extends OutputStream {
    /** Receives what was decoded; {@code kind} is {@link Display#DISPLAY} or {@link Display#RESULT}. */
    interface Listener {
        void text(String text);

        void bundle(String kind, Map<String, String> bundle);
    }

    private static final byte START = 0x01;

    private final Listener listener;
    private final boolean findsDisplays;
    private final ByteArrayOutputStream text = new ByteArrayOutputStream();
    private final ByteArrayOutputStream held = new ByteArrayOutputStream();
    private boolean holding;

    DisplayDecoder(Listener listener) {
        this(listener, true);
    }

    private DisplayDecoder(Listener listener, boolean findsDisplays) {
        this.listener = listener;
        this.findsDisplays = findsDisplays;
    }

    /** A decoder for a stream that carries text only (standard error): display lines are not looked for. */
    static DisplayDecoder textOnly(Consumer<String> text) {
        return new DisplayDecoder(new Listener() {
            public void text(String s) {
                text.accept(s);
            }

            public void bundle(String kind, Map<String, String> bundle) {
                throw new AssertionError("a text-only stream has no display lines");
            }
        }, false);
    }

    @Override
    public synchronized void write(int b) {
        accept((byte) b);
        passOnText();
    }

    @Override
    public synchronized void write(byte[] bytes, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            accept(bytes[i]);
        }
        passOnText();
    }

    private void accept(byte b) {
        if (holding) {
            if (b == '\n') {
                endHeldLine();
            } else {
                held.write(b);
            }
            return;
        }
        if (findsDisplays && b == START) {
            holding = true;
            held.reset();
            held.write(b);
            return;
        }
        text.write(b);
    }

    private void endHeldLine() {
        holding = false;
        String line = held.toString(StandardCharsets.UTF_8);
        if (!line.startsWith(Display.MARKER)) {
            text.writeBytes(held.toByteArray());
            text.write('\n');
            return;
        }
        passOnText();
        String[] parts = line.substring(Display.MARKER.length()).split(" ");
        Map<String, String> bundle = new LinkedHashMap<>();
        for (int i = 1; i < parts.length; i++) {
            int equals = parts[i].indexOf('=');
            String mime = parts[i].substring(0, equals);
            String base64 = parts[i].substring(equals + 1);
            bundle.put(mime, mime.startsWith("text/")
                    ? new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8) : base64);
        }
        listener.bundle(parts[0], bundle);
    }

    /** Passes on the text so far, except the first bytes of a character whose last bytes have not come yet. */
    private void passOnText() {
        byte[] bytes = text.toByteArray();
        int complete = completeUtf8Length(bytes);
        if (complete > 0) {
            listener.text(new String(bytes, 0, complete, StandardCharsets.UTF_8));
        }
        text.reset();
        text.write(bytes, complete, bytes.length - complete);
    }

    /** The length of the longest prefix of {@code bytes} that does not end inside a UTF-8 sequence. */
    static int completeUtf8Length(byte[] bytes) {
        int n = bytes.length;
        for (int back = 1; back <= Math.min(3, n); back++) {
            int b = bytes[n - back] & 0xff;
            if (b < 0x80) {
                return n;                                 // ASCII: nothing is cut
            }
            if (b >= 0xc0) {                              // a lead byte: how long is its sequence?
                int length = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
                return length > back ? n - back : n;
            }
        }
        return n;
    }
}

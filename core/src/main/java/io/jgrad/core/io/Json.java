package io.jgrad.core.io;

import java.text.ParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * A small JSON (RFC 8259) reader and writer, enough for a safetensors header.
 *
 * <p>JSON values map to Java as: object to {@code LinkedHashMap<String, Object>} in document order, array to
 * {@code List<Object>}, string to {@code String}, a number without fraction or exponent that fits a {@code long}
 * to {@code Long}, any other number to {@code Double}, {@code true}/{@code false} to {@code Boolean}, {@code null}
 * to {@code null}. The reader is strict: a duplicate key in an object is an error (safetensors names must be
 * unique), and so is nesting deeper than {@link #MAX_DEPTH}, so that a hostile header cannot overflow the stack.
 * The writer handles what a header holds (maps, lists, strings, integers) and is compact, with no spaces, as the
 * reference safetensors writer is.
 */
final class Json {
    static final int MAX_DEPTH = 64;
    /** The character after a backslash in a JSON string, and (at the same index) the character it stands for. */
    private static final String ESCAPED = "\"\\/bfnrt";
    private static final String UNESCAPED = "\"\\/\b\f\n\r\t";

    private final String text;
    private int position;
    private int depth;

    private Json(String text) {
        this.text = text;
    }

    /** The value {@code text} holds; surrounding whitespace is allowed, anything else after the value is not. */
    static Object parse(String text) throws ParseException {
        Json reader = new Json(text);
        reader.skipWhitespace();
        Object value = reader.value();
        reader.skipWhitespace();
        if (reader.position < text.length()) {
            throw reader.error("unexpected " + reader.describe() + " after the value");
        }
        return value;
    }

    // ---- reading ---------------------------------------------------------------------------------------------

    private Object value() throws ParseException {
        char c = peek();
        switch (c) {
            case '{': return object();
            case '[': return array();
            case '"': return string();
            case 't': return literal("true", Boolean.TRUE);
            case 'f': return literal("false", Boolean.FALSE);
            case 'n': return literal("null", null);
            default:
                if (c == '-' || isDigit(c)) {
                    return number();
                }
                throw error("unexpected " + describe() + ", expected a value");
        }
    }

    private Map<String, Object> object() throws ParseException {
        enter();
        Map<String, Object> members = new LinkedHashMap<>();
        expect('{');
        skipWhitespace();
        if (!consume('}')) {
            do {
                skipWhitespace();
                int keyStart = position;
                if (peek() != '"') {
                    throw error("expected a string key, found " + describe());
                }
                String key = string();
                skipWhitespace();
                expect(':');
                skipWhitespace();
                if (members.containsKey(key)) {
                    throw new ParseException("duplicate key '" + key + "'", keyStart);
                }
                members.put(key, value());
                skipWhitespace();
            } while (consume(','));
            expectEnd('}');
        }
        depth--;
        return members;
    }

    private List<Object> array() throws ParseException {
        enter();
        List<Object> elements = new ArrayList<>();
        expect('[');
        skipWhitespace();
        if (!consume(']')) {
            do {
                skipWhitespace();
                elements.add(value());
                skipWhitespace();
            } while (consume(','));
            expectEnd(']');
        }
        depth--;
        return elements;
    }

    private String string() throws ParseException {
        expect('"');
        StringBuilder out = new StringBuilder();
        while (true) {
            if (position >= text.length()) {
                throw error("unterminated string");
            }
            char c = text.charAt(position++);
            if (c == '"') {
                return out.toString();
            } else if (c == '\\') {
                out.append(escape());
            } else if (c < 0x20) {
                String code = String.format("U+%04X", (int) c);
                throw new ParseException("control character " + code + " must be escaped in a string", position - 1);
            } else {
                out.append(c);
            }
        }
    }

    private char escape() throws ParseException {
        if (position >= text.length()) {
            throw error("unterminated string");
        }
        char c = text.charAt(position++);
        if (c == 'u') {
            return unicodeEscape();
        }
        int which = ESCAPED.indexOf(c);
        if (which < 0) {
            position--;
            throw error("invalid escape '\\" + c + "'");
        }
        return UNESCAPED.charAt(which);
    }

    /** The {@code XXXX} of a {@code \\uXXXX} escape; a surrogate pair arrives as two escapes, one char each. */
    private char unicodeEscape() throws ParseException {
        int code = 0;
        for (int i = 0; i < 4; i++) {
            int digit = position < text.length() ? Character.digit(text.charAt(position), 16) : -1;
            if (digit < 0) {
                throw error("\\u must be followed by four hex digits");
            }
            code = code * 16 + digit;
            position++;
        }
        return (char) code;
    }

    /** {@code -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?}, the JSON number grammar. */
    private Object number() throws ParseException {
        int start = position;
        consume('-');
        if (!consume('0')) {
            digits("a digit");
        }
        boolean integral = true;
        if (consume('.')) {
            integral = false;
            digits("a digit after the decimal point");
        }
        if (consume('e') || consume('E')) {
            integral = false;
            if (!consume('+')) {
                consume('-');
            }
            digits("a digit in the exponent");
        }
        String token = text.substring(start, position);
        try {
            return integral ? (Object) Long.valueOf(token) : Double.valueOf(token);
        } catch (NumberFormatException beyondLong) {
            return Double.valueOf(token);
        }
    }

    private void digits(String what) throws ParseException {
        if (!isDigit(peek())) {
            throw error("expected " + what + ", found " + describe());
        }
        while (isDigit(peek())) {
            position++;
        }
    }

    private Object literal(String word, Object value) throws ParseException {
        if (!text.startsWith(word, position)) {
            throw error("unexpected " + describe() + ", expected a value");
        }
        position += word.length();
        return value;
    }

    private void enter() throws ParseException {
        if (++depth > MAX_DEPTH) {
            throw error("nested deeper than " + MAX_DEPTH + " levels");
        }
    }

    private void expect(char c) throws ParseException {
        if (!consume(c)) {
            throw error("expected '" + c + "', found " + describe());
        }
    }

    /** The end of an object or array, where a comma could also have come. */
    private void expectEnd(char c) throws ParseException {
        if (!consume(c)) {
            throw error("expected ',' or '" + c + "', found " + describe());
        }
    }

    /** The character at the current position, or NUL at the end (a NUL never starts a JSON token either). */
    private char peek() {
        return position < text.length() ? text.charAt(position) : '\0';
    }

    private boolean consume(char c) {
        if (peek() == c) {
            position++;
            return true;
        }
        return false;
    }

    private void skipWhitespace() {
        while (" \t\n\r".indexOf(peek()) >= 0) {
            position++;
        }
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** The character at the current position, for messages. */
    private String describe() {
        if (position >= text.length()) {
            return "end of text";
        }
        char c = text.charAt(position);
        return c < 0x20 || c > 0x7e ? "character U+" + String.format("%04X", (int) c) : "'" + c + "'";
    }

    private ParseException error(String message) {
        return new ParseException(message, position);
    }

    // ---- writing ---------------------------------------------------------------------------------------------

    /** Compact JSON for a tree of maps with string keys, lists, strings and integers. */
    static String write(Object value) {
        if (value instanceof Long || value instanceof Integer) {
            return value.toString();
        } else if (value instanceof String) {
            return quote((String) value);
        } else if (value instanceof Map) {
            StringJoiner members = new StringJoiner(",", "{", "}");
            ((Map<?, ?>) value).forEach((key, member) -> members.add(quote((String) key) + ":" + write(member)));
            return members.toString();
        } else if (value instanceof List) {
            StringJoiner elements = new StringJoiner(",", "[", "]");
            ((List<?>) value).forEach(element -> elements.add(write(element)));
            return elements.toString();
        }
        throw new IllegalArgumentException("cannot write " + value + " as header JSON");
    }

    private static String quote(String s) {
        StringBuilder out = new StringBuilder().append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            int which = UNESCAPED.indexOf(c);
            if (which >= 0 && c != '/') {
                out.append('\\').append(ESCAPED.charAt(which));
            } else if (c < 0x20 || Character.isSurrogate(c)) {
                // NOTE: surrogates are escaped (as Python's json does) so that a lone one survives UTF-8 encoding.
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }
}

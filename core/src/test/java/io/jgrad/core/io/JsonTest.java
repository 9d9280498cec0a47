package io.jgrad.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.text.ParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void objectsKeepTheirKeysInDocumentOrder() throws ParseException {
        Map<?, ?> object = (Map<?, ?>) Json.parse(" {\"z\": 1, \"a\": 2, \"m\": 3}\n  ");
        assertEquals(List.of("z", "a", "m"), new ArrayList<>(object.keySet()));
    }

    @Test
    void valuesOfEveryKindParse() throws ParseException {
        Object value = Json.parse("[0, -7, 9223372036854775807, 1.5, -2e3, 1E+2, true, false, null, \"s\", [], {}]");
        List<Object> expected = Arrays.asList(0L, -7L, Long.MAX_VALUE, 1.5, -2000.0, 100.0, true, false, null, "s",
                List.of(), Map.of());
        assertEquals(expected, value);
    }

    @Test
    void anIntegerTooLargeForALongBecomesADouble() throws ParseException {
        assertEquals(18446744073709551616.0, Json.parse("18446744073709551616"));
    }

    @Test
    void stringEscapesDecode() throws ParseException {
        String text = "\"q\\\" b\\\\ s\\/ \\b\\f\\n\\r\\t \\u00e9 \\ud83d\\ude00 ünï\"";
        assertEquals("q\" b\\ s/ \b\f\n\r\t é \ud83d\ude00 ünï", Json.parse(text));
    }

    @Test
    void writingThenParsingGivesBackTheSameTree() throws ParseException {
        Map<String, Object> tree = new LinkedHashMap<>();
        tree.put("name with \"quotes\", \\, \n, \u0001 and é", List.of(1L, -2L, List.of()));
        tree.put("lone surrogate \ud800", Map.of("k", "v"));
        tree.put("", "");
        String json = Json.write(tree);
        assertEquals(tree, Json.parse(json));
        assertTrue(json.contains("\\u0001") && json.contains("\\ud800"), json);
    }

    @Test
    void theWriterIsCompactLikeTheReferenceWriter() {
        Map<String, Object> tree = new LinkedHashMap<>();
        tree.put("a", Map.of("shape", List.of(2, 3)));
        assertEquals("{\"a\":{\"shape\":[2,3]}}", Json.write(tree));
    }

    @Test
    void malformedTextIsRejectedWithWhatWasExpectedAndWhere() {
        assertError("{\"a\" 1}", "expected ':'", 5);
        assertError("{\"a\": 1,}", "expected a string key", 8);
        assertError("[1 2]", "expected ',' or ']', found '2'", 3);
        assertError("{\"a\": 1} x", "after the value", 9);
        assertError("", "unexpected end of text", 0);
        assertError("\"abc", "unterminated string", 4);
        assertError("\"a\\x\"", "invalid escape", 3);
        assertError("\"\\u12g4\"", "four hex digits", 5);
        assertError("\"tab\there\"", "must be escaped", 4);
        assertError("01", "after the value", 1);
        assertError("-", "expected a digit", 1);
        assertError("1.", "after the decimal point", 2);
        assertError("1e+", "in the exponent", 3);
        assertError("tru", "expected a value", 0);
        assertError("{'a': 1}", "expected a string key", 1);
    }

    @Test
    void aDuplicateKeyIsAnErrorThatNamesIt() {
        assertError("{\"a\": 1, \"b\": {}, \"a\": 2}", "duplicate key 'a'", 18);
    }

    @Test
    void deepNestingIsRejectedInsteadOfOverflowingTheStack() {
        String deep = "[".repeat(100_000) + "]".repeat(100_000);
        assertError(deep, "nested deeper than " + Json.MAX_DEPTH, Json.MAX_DEPTH);
        String allowed = "[".repeat(Json.MAX_DEPTH) + "]".repeat(Json.MAX_DEPTH);
        assertEquals(List.of(), unwrap(assertDoesParse(allowed), Json.MAX_DEPTH - 1));
    }

    private static Object assertDoesParse(String text) {
        try {
            return Json.parse(text);
        } catch (ParseException e) {
            throw new AssertionError(text + " should parse", e);
        }
    }

    private static Object unwrap(Object value, int times) {
        for (int i = 0; i < times; i++) {
            value = ((List<?>) value).get(0);
        }
        return value;
    }

    private static void assertError(String text, String message, int offset) {
        ParseException e = assertThrows(ParseException.class, () -> Json.parse(text), text);
        assertTrue(e.getMessage().contains(message), () -> text + ": message was " + e.getMessage());
        assertEquals(offset, e.getErrorOffset(), () -> text + ": " + e.getMessage());
    }
}

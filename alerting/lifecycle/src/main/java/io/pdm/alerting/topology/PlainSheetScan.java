package io.pdm.alerting.topology;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The fast path of the fact sheet's check: a scanner for sheets as inference writes them (printable ASCII JSON, no
 * escapes) that answers only "accepted for sure" or "don't know". Jackson's parser in {@link FactSheets#check} was
 * the largest single cost of a candidate in the bench's profile (parser set-up, name canonicalisation, token
 * finishing); this walk builds nothing and allocates nothing when the sheet's times repeat.
 *
 * <p>It accepts a strict subset of what the check accepts: standard JSON only (Jackson's defaults: no comments, no
 * trailing commas, no leading zeros, no NaN literals), bytes 0x20-0x7E and the four JSON whitespace bytes (so
 * Jackson's encoding detection sees UTF-8 and no string needs decoding), no backslash, nesting and token lengths far
 * below Jackson's limits, and the check's own rule (every measurement with a channel and a number has a valid time,
 * the last {@code time} field counting). Anything else, refused sheets included, answers false and the caller runs
 * the check, which decides and words the refusal: so a candidate's outcome is the same with or without this
 * ({@code PlainSheetScanTest} holds the scanner to that on random and mutated sheets). Like the check, it stops at
 * the root object's end. Not thread-safe: one per {@link CandidateReader}.
 */
final class PlainSheetScan {
    private static final int MAX_DEPTH = 64, MAX_NUMBER = 64, MAX_STRING = 10_000;
    private static final byte[] MEASUREMENTS = bytes("measurements"),
            CHANNEL = bytes("channel"),
            VALUE = bytes("value"),
            LIMIT = bytes("limit"),
            TIME = bytes("time");

    private byte[] b;
    private int pos, end;
    /** Start and length of the last string scanned. */
    private int textAt, textLength;
    /** The last time text found valid: a model step's sheets share their window's time. */
    private byte[] lastTime = new byte[0];

    /** True when the check surely accepts the sheet in {@code bytes[off, off+len)}; false: run the check. */
    boolean accepts(byte[] bytes, int off, int len) {
        b = bytes;
        pos = off;
        end = off + len;
        for (int i = off; i < Math.min(end, off + 4); i++) { // what Jackson's encoding detection looks at
            if (!plain(bytes[i])) return false;
        }
        ws();
        return pos < end && b[pos] == '{' && object(1, true);
    }

    /**
     * An object, the cursor on its '{'. The root's {@code measurements} array and its objects get the check's rule;
     * nested, every value is only scanned.
     */
    private boolean object(int depth, boolean root) {
        if (opensEmpty('}')) return true;
        while (true) {
            if (!name()) return false;
            boolean measurements = root && is(MEASUREMENTS);
            ws();
            if (pos >= end || b[pos] != '[') {
                if (!value(depth)) return false;
            } else if (!array(depth + 1, measurements)) {
                return false;
            }
            if (!next('}')) return false;
            if (b[pos - 1] == '}') return true;
        }
    }

    /** One measurement: the check refuses it when it has a channel and a number but no valid time. */
    private boolean measurement(int depth) {
        if (depth > MAX_DEPTH) return false;
        boolean hasChannel = false, hasValue = false;
        int timeAt = -1, timeLength = 0; // -1: no time, or not a string (neither is a valid time)
        boolean empty = opensEmpty('}');
        while (!empty) {
            if (!name()) return false;
            boolean isChannel = is(CHANNEL), isValue = is(VALUE), isTime = is(TIME);
            ws();
            if (pos >= end) return false;
            byte first = b[pos];
            // the check does not skip an object or array under these two: it reads on into it as if its members
            // were the measurement's, a quirk the read shares; leave such a sheet to the check
            if ((first == '{' || first == '[') && (isValue || is(LIMIT))) return false;
            if (!value(depth)) return false;
            if (isChannel) hasChannel = first != 'n'; // the only valid token starting with 'n' is null
            if (isValue) hasValue = first == '-' || (first >= '0' && first <= '9');
            if (isTime) {
                timeAt = first == '"' ? textAt : -1;
                timeLength = textLength;
            }
            if (!next('}')) return false;
            if (b[pos - 1] == '}') break;
        }
        return !hasChannel || !hasValue || (timeAt >= 0 && validTime(timeAt, timeLength));
    }

    private boolean validTime(int at, int length) {
        if (Arrays.equals(b, at, at + length, lastTime, 0, lastTime.length)) return true;
        try {
            FactSheets.instant(new String(b, at, length, StandardCharsets.US_ASCII));
        } catch (RuntimeException e) {
            return false;
        }
        lastTime = Arrays.copyOfRange(b, at, at + length);
        return true;
    }

    /** Any value, the cursor on its first byte. */
    private boolean value(int depth) {
        if (pos >= end) return false;
        return switch (b[pos]) {
            case '{' -> depth < MAX_DEPTH && object(depth + 1, false);
            case '[' -> array(depth + 1, false);
            case '"' -> string();
            case 't' -> literal("true");
            case 'f' -> literal("false");
            case 'n' -> literal("null");
            default -> number();
        };
    }

    /** An array, the cursor on its '['; with {@code measurements} (the root's) its objects are measurements. */
    private boolean array(int depth, boolean measurements) {
        if (depth > MAX_DEPTH) return false;
        if (opensEmpty(']')) return true;
        while (true) {
            boolean ok = measurements && at('{') ? measurement(depth + 1) : value(depth);
            if (!ok || !next(']')) return false;
            if (b[pos - 1] == ']') return true;
        }
    }

    /** Steps over an opening bracket and whitespace; true, and over {@code close} too, when the container is empty. */
    private boolean opensEmpty(char close) {
        pos++;
        ws();
        if (!at(close)) return false;
        pos++;
        return true;
    }

    /**
     * After a member or element: whitespace, then ',' (and whitespace, the cursor on what follows) or {@code close}
     * (the cursor after it, so {@code b[pos - 1] == close} tells the two apart). False on anything else.
     */
    private boolean next(char close) {
        ws();
        if (pos >= end) return false;
        byte c = b[pos++];
        if (c == close) return true;
        if (c != ',') return false;
        ws();
        return true;
    }

    /** A member's name and its ':', the cursor left after the ':'. */
    private boolean name() {
        if (pos >= end || b[pos] != '"' || !string()) return false;
        ws();
        if (pos >= end || b[pos] != ':') return false;
        pos++;
        return true;
    }

    /** The last string scanned equals {@code text}. */
    private boolean is(byte[] text) {
        return Arrays.equals(b, textAt, textAt + textLength, text, 0, text.length);
    }

    /** A string of plain bytes, the cursor on its '"'; a backslash or any other byte: false. */
    private boolean string() {
        int start = ++pos;
        while (pos < end) {
            byte c = b[pos];
            if (c == '"') {
                textAt = start;
                textLength = pos - start;
                pos++;
                return textLength <= MAX_STRING;
            }
            if (c == '\\' || c < 0x20 || c > 0x7e) return false;
            pos++;
        }
        return false;
    }

    /** {@code -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?}, then a byte no number continues with. */
    private boolean number() {
        int start = pos;
        if (at('-')) pos++;
        if (at('0')) pos++;
        else if (!digits()) return false;
        if (at('.')) {
            pos++;
            if (!digits()) return false;
        }
        if (at('e') || at('E')) {
            pos++;
            if (at('+') || at('-')) pos++;
            if (!digits()) return false;
        }
        return pos - start <= MAX_NUMBER && pos < end && delimiter(b[pos]);
    }

    private boolean digits() {
        int start = pos;
        while (pos < end && b[pos] >= '0' && b[pos] <= '9') pos++;
        return pos > start;
    }

    private boolean literal(String word) {
        int n = word.length();
        if (end - pos < n + 1) return false;
        for (int i = 0; i < n; i++) if (b[pos + i] != word.charAt(i)) return false;
        pos += n;
        return delimiter(b[pos]);
    }

    private boolean at(char c) {
        return pos < end && b[pos] == c;
    }

    /** What may follow a number or a literal: whitespace, ',' or a closing bracket (anything else: don't know). */
    private static boolean delimiter(byte c) {
        return c == ',' || c == '}' || c == ']' || whitespace(c);
    }

    private void ws() {
        while (pos < end && whitespace(b[pos])) pos++;
    }

    private static boolean whitespace(byte c) {
        return c == ' ' || c == '\n' || c == '\r' || c == '\t';
    }

    private static boolean plain(byte c) {
        return (c >= 0x20 && c <= 0x7e) || whitespace(c);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}

package io.pdm.alerting.topology;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.pdm.alerting.lifecycle.RejectReason;
import io.pdm.alerting.lifecycle.Rejected;
import io.pdm.schemas.alerting.AlertFacts;
import io.pdm.schemas.alerting.AlertJson;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A candidate's fact sheet (JSON): its reason and measurements, {@code "NaN"} numbers (unknown) left out. Read with
 * Jackson's streaming parser, in one of two modes that walk the tokens identically:
 *
 * <ul>
 *   <li>{@link #check}: only what decides whether the sheet is refused (well-formed JSON, an object, a valid time on
 *       every measurement with a channel and a number), building no strings, numbers or records. Every candidate
 *       gets this, so a malformed sheet goes to the dead-letter topic whether or not its alert is then written;
 *   <li>{@link #read}: the evidence itself, only for a candidate whose alert is written (most repeats are held back,
 *       and reading the sheet whole was a sixth of the stream thread, docs/results/alerting.md).
 * </ul>
 *
 * Both run on the same parser over the same bytes and take the same branch at every token, so a sheet {@code check}
 * passes is one {@code read} reads. Fields it does not know are skipped; a scalar where text is expected is taken as
 * its JSON text.
 */
final class FactSheets {
    private static final JsonFactory JSON = AlertJson.mapper().getFactory();

    /** Times parsed lately on this thread, by their text (a few hundred at most, then started afresh). */
    private static final ThreadLocal<Map<String, Instant>> TIMES = ThreadLocal.withInitial(HashMap::new);

    private static final int TIMES_KEPT = 256;

    /** The last time text found valid on this thread: a sheet's measurements and a model step's sheets share it. */
    private static final ThreadLocal<char[]> LAST_TIME = ThreadLocal.withInitial(() -> new char[0]);

    private FactSheets() {}

    /**
     * Throws {@link Rejected} when the sheet in {@code bytes[off, off+len)} is refused. Its detail is not the one to
     * publish (it names no channel, and the parser's positions are in bytes): the reader reads the refused sheet
     * again as text for that.
     */
    static void check(byte[] bytes, int off, int len) throws Rejected {
        try (JsonParser p = JSON.createParser(bytes, off, len)) {
            walk(p, null);
        } catch (IOException e) {
            throw bad("is not JSON: " + e.getMessage());
        }
    }

    static AlertFacts.Evidence read(byte[] bytes, int off, int len) throws Rejected {
        try (JsonParser p = JSON.createParser(bytes, off, len)) {
            return read(p);
        } catch (IOException e) {
            throw bad("is not JSON: " + e.getMessage());
        }
    }

    /** The sheet as text (the reader's fallback and its tests). */
    static AlertFacts.Evidence read(String sheet) throws Rejected {
        try (JsonParser p = JSON.createParser(sheet)) {
            return read(p);
        } catch (IOException e) {
            throw bad("is not JSON: " + e.getMessage());
        }
    }

    private static AlertFacts.Evidence read(JsonParser p) throws IOException, Rejected {
        Builder b = new Builder();
        walk(p, b);
        return new AlertFacts.Evidence(b.reason, b.measurements);
    }

    /** What {@link #read} collects; {@code null} in {@link #walk} for a check. */
    private static final class Builder {
        String reason = "";
        final List<AlertFacts.Measurement> measurements = new ArrayList<>();
    }

    private static void walk(JsonParser p, Builder out) throws IOException, Rejected {
        if (p.nextToken() != JsonToken.START_OBJECT) throw bad("is not a JSON object");
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            if ("reason".equals(field)) {
                String reason = text(p, value, "", out != null);
                if (out != null) out.reason = reason;
            } else if ("measurements".equals(field) && value == JsonToken.START_ARRAY) {
                while (p.nextToken() != JsonToken.END_ARRAY) measurement(p, out);
            } else {
                p.skipChildren();
            }
        }
    }

    /** One element of the measurements array (the parser on its first token); one without a number or channel is left out. */
    private static void measurement(JsonParser p, Builder out) throws IOException, Rejected {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            p.skipChildren();
            return;
        }
        boolean build = out != null, hasChannel = false, hasValue = false, hasLimit = false;
        String channel = null, unit = "", zone = null, standard = null;
        double value = 0, limit = 0;
        String time = "";
        boolean timeIsLast = false; // check mode: the time's text equals the last valid one (no string built)
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken t = p.nextToken();
            switch (field) {
                case "channel" -> {
                    channel = text(p, t, null, build);
                    hasChannel = t != JsonToken.VALUE_NULL;
                }
                case "value" -> {
                    hasValue = t.isNumeric();
                    if (hasValue && build) value = p.getDoubleValue();
                }
                case "unit" -> unit = text(p, t, "", build);
                case "time" -> {
                    timeIsLast = !build && isLastTime(p, t);
                    time = timeIsLast ? "" : text(p, t, "", true);
                }
                case "limit" -> {
                    hasLimit = t.isNumeric();
                    if (hasLimit && build) limit = p.getDoubleValue();
                }
                case "zone" -> zone = text(p, t, null, build);
                case "standard" -> standard = text(p, t, null, build);
                default -> p.skipChildren();
            }
        }
        if (!hasValue || !hasChannel) return;
        if (timeIsLast) return;
        Instant at;
        try {
            at = instant(time);
        } catch (RuntimeException e) {
            throw bad("measurement " + channel + " has no valid time"); // a check's has no channel: see check
        }
        if (!build) {
            LAST_TIME.set(time.toCharArray());
            return;
        }
        out.measurements.add(
                new AlertFacts.Measurement(channel, value, unit, at, hasLimit ? limit : null, zone, standard));
    }

    private static boolean isLastTime(JsonParser p, JsonToken t) throws IOException {
        if (t != JsonToken.VALUE_STRING) return false;
        char[] last = LAST_TIME.get();
        int n = p.getTextLength();
        if (n != last.length || n == 0) return false;
        int off = p.getTextOffset();
        return Arrays.equals(p.getTextCharacters(), off, off + n, last, 0, n);
    }

    /**
     * A field's text: a string's value, another scalar's JSON text, {@code orElse} for null; an object or array is
     * skipped as "". Without {@code build} the token is still finished (escapes, encoding: what a read would meet)
     * but no string is made; what is returned then is only null or not.
     */
    private static String text(JsonParser p, JsonToken t, String orElse, boolean build) throws IOException {
        if (t == JsonToken.VALUE_NULL) return orElse;
        if (t.isStructStart()) {
            p.skipChildren();
            return "";
        }
        if (build) return p.getText();
        p.getTextLength();
        return "";
    }

    /**
     * {@link Instant#parse}, remembering the texts parsed lately on this thread: a fact sheet's measurements share
     * their window's time, and so do the candidates of one model step across assets, which a task reads interleaved
     * with other steps' (a one-entry memo missed often enough to show in the bench's profile).
     */
    static Instant instant(String text) {
        Map<String, Instant> times = TIMES.get();
        Instant t = times.get(text);
        if (t == null) {
            t = Instant.parse(text);
            if (times.size() >= TIMES_KEPT) times.clear();
            times.put(text, t);
        }
        return t;
    }

    private static Rejected bad(String what) {
        return new Rejected(RejectReason.MALFORMED_CANDIDATE, "factSheet " + what);
    }
}

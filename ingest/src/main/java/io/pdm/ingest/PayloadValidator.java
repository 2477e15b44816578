package io.pdm.ingest;

import static io.pdm.ingest.RejectReason.*;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import io.pdm.schemas.Ids;
import io.pdm.schemas.avro.LogSource;
import io.pdm.schemas.avro.MaintenanceAction;
import io.pdm.schemas.avro.MaintenanceLogRecord;
import io.pdm.schemas.avro.ScalarSnapshot;
import io.pdm.schemas.avro.TelemetryRecord;
import io.pdm.schemas.avro.WaveformBlock;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.generic.PrimitivesArrays;

/**
 * Turns MQTT/REST JSON payloads into Avro records or a precise {@link Rejection}. Pure and
 * thread-safe. Parsing is streaming (Jackson {@link JsonParser}); a syntax error anywhere wins over
 * a schema problem, otherwise the first schema problem in document order is reported. The rules
 * follow {@code schemas/src/main/resources/json/*.schema.json} plus the configured limits.
 */
public final class PayloadValidator {
    private static final Pattern SENSOR = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    // RFC 3339 date-time, which the schemas' "date-time" format names. java.time alone also takes "10:15Z" (no
    // seconds), "+01" (offset without minutes) and "10:15:30.Z" (empty fraction); it still checks the ranges.
    private static final Pattern RFC3339 =
            Pattern.compile("\\d{4}-\\d{2}-\\d{2}[Tt]\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?([Zz]|[+-]\\d{2}:\\d{2})");
    // The schema's enum: each symbol in upper or lower case; the CSV import takes exactly the same spellings.
    private static final Set<String> JSON_ACTIONS = Arrays.stream(MaintenanceAction.values())
            .flatMap(a -> Stream.of(a.name(), a.name().toLowerCase(Locale.ROOT)))
            .collect(Collectors.toUnmodifiableSet());
    private static final Schema SAMPLES_SCHEMA =
            WaveformBlock.getClassSchema().getField("samples").schema();
    // NaN/Infinity literals are parsed so they can be reported as NON_FINITE_VALUE with their field.
    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();

    private static final Instant FIRST_MILLI = Instant.ofEpochMilli(Long.MIN_VALUE);
    private static final Instant LAST_MILLI = Instant.ofEpochMilli(Long.MAX_VALUE);

    private final IngestConfig.Limits limits;
    private final Set<String> knownPlants;

    /** Accepts every plant with a valid id. */
    public PayloadValidator(IngestConfig.Limits limits) {
        this(limits, Set.of());
    }

    /** {@code knownPlants} empty: every valid plant id; otherwise others are rejected as {@code UNKNOWN_PLANT}. */
    public PayloadValidator(IngestConfig.Limits limits, Set<String> knownPlants) {
        this.limits = limits;
        this.knownPlants = Set.copyOf(knownPlants);
    }

    /** Invalid or (with known plants configured) unknown plant; null when the plant may be stored. */
    public Rejection checkPlant(String plant, String asset) {
        Rejection ids = checkIds(plant, asset);
        if (ids != null || knownPlants.isEmpty() || knownPlants.contains(plant)) return ids;
        return new Rejection(
                UNKNOWN_PLANT, "plant", "plant '" + plant + "' is not one of the configured plants " + knownPlants);
    }

    /** Checks plant and asset ids against the naming rule; null when both are valid. */
    public static Rejection checkIds(String plant, String asset) {
        if (!Ids.isValid(plant)) return new Rejection(INVALID_ID, "plant", idDetail("plant", plant));
        if (asset != null && !Ids.isValid(asset)) return new Rejection(INVALID_ID, "asset", idDetail("asset", asset));
        return null;
    }

    private static String idDetail(String kind, String id) {
        return kind + " id '" + id + "' violates the naming rule " + Ids.ID.pattern();
    }

    /** Validates a telemetry payload (snapshot or waveform block) published for {@code plant}/{@code asset}. */
    public Outcome<TelemetryRecord> telemetry(String plant, String asset, byte[] payload, long receivedAtMillis) {
        Rejection ids = checkPlant(plant, asset);
        if (ids != null) return Outcome.rejected(ids);
        Rejection size = checkSize(payload.length);
        if (size != null) return Outcome.rejected(size);
        Problems pr = new Problems();
        String ts = null, sensor = null;
        Map<String, Double> values = null;
        double rateHz = Double.NaN;
        PrimitivesArrays.FloatArray samples = null;
        boolean hasRate = false;
        try (JsonParser p = JSON.createParser(payload)) {
            if (!startObject(p, pr)) return finish(pr);
            int seen = 0;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                int bit = switch (name) {
                    case "ts" -> 1;
                    case "values" -> 2;
                    case "sensor" -> 4;
                    case "rateHz" -> 8;
                    case "samples" -> 16;
                    default -> 0;
                };
                if (bit == 0) {
                    pr.add(SCHEMA_VIOLATION, name, "unknown field '" + name + "'");
                    p.skipChildren();
                    continue;
                }
                if ((seen & bit) != 0) {
                    pr.add(SCHEMA_VIOLATION, name, "field '" + name + "' appears twice");
                    p.skipChildren();
                    continue;
                }
                seen |= bit;
                switch (name) {
                    case "ts" -> ts = string(p, t, "ts", pr);
                    case "values" -> values = readValues(p, t, pr);
                    case "sensor" -> sensor = string(p, t, "sensor", pr);
                    case "rateHz" -> {
                        hasRate = true;
                        rateHz = number(p, t, "rateHz", pr);
                    }
                    default -> samples = readSamples(p, t, pr);
                }
            }
            if (p.nextToken() != null) return unparsable("trailing content after the JSON object");
        } catch (JsonProcessingException e) {
            return unparsable(e.getOriginalMessage() + " at " + location(e));
        } catch (IOException e) {
            return unparsable(e.getMessage());
        }
        if (pr.first != null) return finish(pr);
        boolean waveform = samples != null || sensor != null || hasRate;
        if (ts == null) return missing("ts");
        Object body;
        if (waveform) {
            if (values != null)
                return Outcome.rejected(
                        SCHEMA_VIOLATION,
                        "values",
                        "field 'values' is not allowed in a waveform block (it has sensor/rateHz/samples)");
            if (sensor == null) return missing("sensor");
            if (!hasRate) return missing("rateHz");
            if (samples == null) return missing("samples");
            if (!SENSOR.matcher(sensor).matches())
                return Outcome.rejected(
                        SCHEMA_VIOLATION, "sensor", "sensor name '" + sensor + "' must match " + SENSOR.pattern());
            if (!(rateHz > 0)) return Outcome.rejected(SCHEMA_VIOLATION, "rateHz", "rateHz must be > 0, got " + rateHz);
            body = new WaveformBlock(sensor, rateHz, samples);
        } else {
            if (values == null) return missing("values");
            body = new ScalarSnapshot(values);
        }
        Instant instant = parseTs(ts, pr);
        if (instant == null) return finish(pr);
        Rejection skew = checkSkew(instant, receivedAtMillis, true);
        if (skew != null) return Outcome.rejected(skew);
        return Outcome.ok(new TelemetryRecord(plant, asset, instant, Instant.ofEpochMilli(receivedAtMillis), body));
    }

    /** Validates a maintenance log entry in JSON ({@code json/maintenance-log.schema.json}). */
    public Outcome<MaintenanceLogRecord> maintenance(
            String plant, String asset, byte[] payload, LogSource source, long receivedAtMillis) {
        Rejection ids = checkPlant(plant, asset);
        if (ids != null) return Outcome.rejected(ids);
        Rejection size = checkSize(payload.length);
        if (size != null) return Outcome.rejected(size);
        Problems pr = new Problems();
        String[] f = new String[6]; // id, ts, action, component, technician, text
        try (JsonParser p = JSON.createParser(payload)) {
            if (!startObject(p, pr)) return finish(pr);
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                int i = switch (name) {
                    case "id" -> 0;
                    case "ts" -> 1;
                    case "action" -> 2;
                    case "component" -> 3;
                    case "technician" -> 4;
                    case "text" -> 5;
                    default -> -1;
                };
                if (i < 0) {
                    pr.add(SCHEMA_VIOLATION, name, "unknown field '" + name + "'");
                    p.skipChildren();
                    continue;
                }
                if (f[i] != null) {
                    pr.add(SCHEMA_VIOLATION, name, "field '" + name + "' appears twice");
                    p.skipChildren();
                    continue;
                }
                f[i] = string(p, t, name, pr);
            }
            if (p.nextToken() != null) return unparsable("trailing content after the JSON object");
        } catch (JsonProcessingException e) {
            return unparsable(e.getOriginalMessage() + " at " + location(e));
        } catch (IOException e) {
            return unparsable(e.getMessage());
        }
        if (pr.first != null) return finish(pr);
        if (f[0] == null) return missing("id");
        if (f[1] == null) return missing("ts");
        if (f[5] == null) return missing("text");
        if (f[2] != null && !JSON_ACTIONS.contains(f[2])) {
            return Outcome.rejected(
                    SCHEMA_VIOLATION,
                    "action",
                    "action '" + f[2] + "' is not one of " + Arrays.toString(MaintenanceAction.values())
                            + " in upper or lower case");
        }
        Instant ts = parseTs(f[1], pr);
        if (ts == null) return finish(pr);
        return maintenance(plant, asset, f[0], ts, f[2], f[3], f[4], f[5], source, receivedAtMillis);
    }

    /**
     * Validates an entry whose fields were already extracted (CSV import). {@code action} may be null (OTHER),
     * otherwise one of the schema's spellings exactly; optional strings may be null or blank.
     */
    public Outcome<MaintenanceLogRecord> maintenance(
            String plant,
            String asset,
            String id,
            Instant ts,
            String action,
            String component,
            String technician,
            String text,
            LogSource source,
            long receivedAtMillis) {
        Rejection ids = checkPlant(plant, asset);
        if (ids != null) return Outcome.rejected(ids);
        Rejection r = length("id", id, 1, 128, true);
        if (r == null) r = length("text", text, 1, 8192, true);
        if (r == null) r = length("component", component, 0, 128, false);
        if (r == null) r = length("technician", technician, 0, 128, false);
        if (r != null) return Outcome.rejected(r);
        MaintenanceAction act = MaintenanceAction.OTHER;
        if (action != null) {
            // The schema's enum exactly, as for JSON: "repair ", "RePaIr" or "   " are refused, never normalised.
            if (!JSON_ACTIONS.contains(action)) {
                return Outcome.rejected(
                        SCHEMA_VIOLATION,
                        "action",
                        "action '" + action + "' is not one of " + Arrays.toString(MaintenanceAction.values())
                                + " in upper or lower case");
            }
            act = MaintenanceAction.valueOf(action.toUpperCase(Locale.ROOT));
        }
        if (ts == null) return missing("ts");
        Rejection skew = checkSkew(ts, receivedAtMillis, false);
        if (skew != null) return Outcome.rejected(skew);
        return Outcome.ok(MaintenanceLogRecord.newBuilder()
                .setId(id)
                .setPlant(plant)
                .setAsset(asset)
                .setTs(ts)
                .setAction(act)
                .setComponent(blankToNull(component))
                .setTechnician(blankToNull(technician))
                .setText(text)
                .setSource(source)
                .setReceivedAt(Instant.ofEpochMilli(receivedAtMillis))
                .build());
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    /** Lengths in code points, as JSON Schema counts them (an emoji is one character, not two chars). */
    private static Rejection length(String field, String v, int min, int max, boolean required) {
        if (v == null || v.isEmpty()) {
            return required ? new Rejection(SCHEMA_VIOLATION, field, "missing required field '" + field + "'") : null;
        }
        int n = v.codePointCount(0, v.length());
        if (n < min || n > max) {
            return new Rejection(
                    SCHEMA_VIOLATION,
                    field,
                    "field '" + field + "' has " + n + " characters, allowed " + min + ".." + max);
        }
        return null;
    }

    private Rejection checkSize(int length) {
        if (length > limits.maxPayloadBytes()) {
            return new Rejection(
                    OVERSIZED_PAYLOAD,
                    null,
                    "payload has " + length + " bytes, the limit is " + limits.maxPayloadBytes());
        }
        return null;
    }

    /** Telemetry has a past and a future bound; maintenance entries (often back-filled) only a future bound. */
    private Rejection checkSkew(Instant ts, long receivedAtMillis, boolean checkPast) {
        if (ts.isBefore(FIRST_MILLI) || ts.isAfter(LAST_MILLI)) { // records carry epoch millis
            return new Rejection(
                    TIMESTAMP_OUT_OF_SKEW, "ts", "ts " + ts + " is outside the range of epoch milliseconds");
        }
        Instant received = Instant.ofEpochMilli(receivedAtMillis);
        // Duration, not epoch millis: a year like +999999999 overflows a long of millis (issue 14 found
        // ArithmeticException -> INTERNAL_ERROR), but every Instant's distance fits a Duration.
        Duration diff = Duration.between(received, ts);
        if (diff.compareTo(limits.maxFutureSkew()) > 0) {
            return new Rejection(
                    TIMESTAMP_OUT_OF_SKEW,
                    "ts",
                    "ts " + ts + " is " + diff + " ahead of the receive time " + received + "; allowed future skew "
                            + limits.maxFutureSkew());
        }
        if (checkPast && diff.negated().compareTo(limits.maxPastSkew()) > 0) {
            return new Rejection(
                    TIMESTAMP_OUT_OF_SKEW,
                    "ts",
                    "ts " + ts + " is " + diff.negated() + " behind the receive time " + received
                            + "; allowed past skew " + limits.maxPastSkew());
        }
        return null;
    }

    private static Instant parseTs(String ts, Problems pr) {
        try {
            if (!RFC3339.matcher(ts).matches()) throw new DateTimeParseException("not RFC 3339", ts, 0);
            return DateTimeFormatter.ISO_OFFSET_DATE_TIME.parse(ts, Instant::from);
        } catch (DateTimeParseException e) {
            pr.add(
                    INVALID_TIMESTAMP,
                    "ts",
                    "ts '" + ts
                            + "' is not an RFC 3339 date-time (seconds and offset required), e.g. 2026-11-25T10:15:30.250Z");
            return null;
        }
    }

    private static boolean startObject(JsonParser p, Problems pr) throws IOException {
        JsonToken t = p.nextToken();
        if (t == JsonToken.START_OBJECT) return true;
        if (t == null) pr.add(UNPARSABLE_JSON, null, "empty payload");
        else pr.add(SCHEMA_VIOLATION, null, "payload must be a JSON object, got " + kind(t));
        return false;
    }

    private static String string(JsonParser p, JsonToken t, String field, Problems pr) throws IOException {
        if (t == JsonToken.VALUE_STRING) return p.getText();
        pr.add(SCHEMA_VIOLATION, field, "field '" + field + "' must be a string, got " + kind(t));
        p.skipChildren();
        return "";
    }

    private static double number(JsonParser p, JsonToken t, String field, Problems pr) throws IOException {
        if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
            double d = p.getDoubleValue();
            if (!Double.isFinite(d))
                pr.add(
                        NON_FINITE_VALUE,
                        field,
                        "field '" + field + "' is " + p.getText() + ", which is not a finite number");
            return d;
        }
        pr.add(SCHEMA_VIOLATION, field, "field '" + field + "' must be a number, got " + kind(t));
        p.skipChildren();
        return Double.NaN;
    }

    private static Map<String, Double> readValues(JsonParser p, JsonToken t, Problems pr) throws IOException {
        if (t != JsonToken.START_OBJECT) {
            pr.add(
                    SCHEMA_VIOLATION,
                    "values",
                    "field 'values' must be an object of sensor name to number, got " + kind(t));
            p.skipChildren();
            return null;
        }
        Map<String, Double> values = new HashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String sensor = p.currentName();
            String field = "values." + sensor;
            double d = number(p, p.nextToken(), field, pr);
            if (!SENSOR.matcher(sensor).matches())
                pr.add(
                        SCHEMA_VIOLATION,
                        field,
                        "sensor name '" + sensor + "' in '" + field + "' must match " + SENSOR.pattern());
            if (values.put(sensor, d) != null) pr.add(SCHEMA_VIOLATION, field, "sensor '" + sensor + "' appears twice");
        }
        if (values.isEmpty()) pr.add(SCHEMA_VIOLATION, "values", "field 'values' must contain at least one sensor");
        return values;
    }

    private PrimitivesArrays.FloatArray readSamples(JsonParser p, JsonToken t, Problems pr) throws IOException {
        if (t != JsonToken.START_ARRAY) {
            pr.add(SCHEMA_VIOLATION, "samples", "field 'samples' must be an array of numbers, got " + kind(t));
            p.skipChildren();
            return null;
        }
        PrimitivesArrays.FloatArray samples = new PrimitivesArrays.FloatArray(256, SAMPLES_SCHEMA);
        int i = 0;
        for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken(), i++) {
            if (i == limits.maxSamples()) {
                pr.add(TOO_MANY_SAMPLES, "samples", "waveform block has more than " + limits.maxSamples() + " samples");
                p.skipChildren();
                continue; // keep consuming so a later syntax error still wins
            }
            if (i > limits.maxSamples()) {
                p.skipChildren();
                continue;
            }
            String field = "samples[" + i + "]";
            if (e == JsonToken.VALUE_NUMBER_INT || e == JsonToken.VALUE_NUMBER_FLOAT) {
                double d = p.getDoubleValue();
                float f = (float) d;
                if (!Float.isFinite(f))
                    pr.add(
                            NON_FINITE_VALUE,
                            field,
                            field + " is " + p.getText() + ", which is not a finite 32-bit float");
                samples.add(f);
            } else {
                pr.add(SCHEMA_VIOLATION, field, field + " must be a number, got " + kind(e));
                p.skipChildren();
            }
        }
        if (i == 0) pr.add(SCHEMA_VIOLATION, "samples", "field 'samples' must contain at least one sample");
        return samples;
    }

    private static String kind(JsonToken t) {
        if (t == null) return "nothing";
        return switch (t) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> t.name();
        };
    }

    private static String location(JsonProcessingException e) {
        var loc = e.getLocation();
        return loc == null ? "unknown position" : "line " + loc.getLineNr() + ", column " + loc.getColumnNr();
    }

    private static <T> Outcome<T> unparsable(String detail) {
        return Outcome.rejected(UNPARSABLE_JSON, null, "payload is not valid JSON: " + detail);
    }

    private static <T> Outcome<T> missing(String field) {
        return Outcome.rejected(SCHEMA_VIOLATION, field, "missing required field '" + field + "'");
    }

    private static <T> Outcome<T> finish(Problems pr) {
        return Outcome.rejected(pr.first);
    }

    /** Keeps the first problem found while the parser goes on to the end (so syntax errors still win). */
    private static final class Problems {
        Rejection first;

        void add(RejectReason reason, String field, String detail) {
            if (first == null) first = new Rejection(reason, field, detail);
        }
    }
}

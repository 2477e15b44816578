package io.pdm.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.pdm.schemas.avro.LogSource;
import io.pdm.schemas.avro.MaintenanceAction;
import io.pdm.schemas.avro.MaintenanceLogRecord;
import io.pdm.schemas.avro.ScalarSnapshot;
import io.pdm.schemas.avro.TelemetryRecord;
import io.pdm.schemas.avro.WaveformBlock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PayloadValidatorTest {
    static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");
    static final long T = NOW.toEpochMilli();
    final PayloadValidator v =
            new PayloadValidator(new IngestConfig.Limits(2048, Duration.ofHours(1), Duration.ofMinutes(5), 4, 1 << 20));

    private Outcome<TelemetryRecord> tel(String json) {
        return v.telemetry("plant-a", "pump-1", json.getBytes(StandardCharsets.UTF_8), T);
    }

    @Test
    void snapshotMapsToAvro() {
        Outcome<TelemetryRecord> o =
                tel("{\"ts\":\"2026-11-25T09:59:59.250Z\",\"values\":{\"temp\":71.5,\"rpm\":1480}}");
        assertThat(o.isOk()).isTrue();
        TelemetryRecord r = o.value();
        assertThat(r.getPlant()).isEqualTo("plant-a");
        assertThat(r.getAsset()).isEqualTo("pump-1");
        assertThat(r.getTs()).isEqualTo(Instant.parse("2026-11-25T09:59:59.250Z"));
        assertThat(r.getReceivedAt()).isEqualTo(NOW);
        assertThat(((ScalarSnapshot) r.getBody()).getValues()).isEqualTo(Map.of("temp", 71.5, "rpm", 1480.0));
    }

    @Test
    void waveformMapsToAvroAndAcceptsOffsets() {
        Outcome<TelemetryRecord> o = tel(
                "{\"ts\":\"2026-11-25T11:59:00+02:00\",\"sensor\":\"vib.x\",\"rateHz\":25600,\"samples\":[0.5,-1,2e-3]}");
        assertThat(o.isOk()).as(o.toString()).isTrue();
        WaveformBlock w = (WaveformBlock) o.value().getBody();
        assertThat(o.value().getTs()).isEqualTo(Instant.parse("2026-11-25T09:59:00Z"));
        assertThat(w.getSensor()).isEqualTo("vib.x");
        assertThat(w.getRateHz()).isEqualTo(25600.0);
        assertThat(w.getSamples()).containsExactly(0.5f, -1f, 0.002f);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        truncated            | {"ts":"2026-11-25T10:00:00Z","values":{"t":1}      | UNPARSABLE_JSON       |
        trailing garbage     | {"ts":"2026-11-25T10:00:00Z","values":{"t":1}} x  | UNPARSABLE_JSON       |
        syntax beats schema  | {"bogus":1, "values": {"t": }}                    | UNPARSABLE_JSON       |
        empty                | ''                                                | UNPARSABLE_JSON       |
        not an object        | [1,2]                                             | SCHEMA_VIOLATION      |
        missing ts           | {"values":{"t":1}}                                | SCHEMA_VIOLATION      | ts
        missing values       | {"ts":"2026-11-25T10:00:00Z"}                     | SCHEMA_VIOLATION      | values
        unknown field        | {"ts":"2026-11-25T10:00:00Z","values":{"t":1},"unit":"C"} | SCHEMA_VIOLATION | unit
        repeated field       | {"ts":"2026-11-25T10:00:00Z","ts":"2026-11-25T10:00:00Z","values":{"t":1}} | SCHEMA_VIOLATION | ts
        string value         | {"ts":"2026-11-25T10:00:00Z","values":{"t":"12"}} | SCHEMA_VIOLATION      | values.t
        bad sensor name      | {"ts":"2026-11-25T10:00:00Z","values":{"t/x":1}}  | SCHEMA_VIOLATION      | values.t/x
        empty values         | {"ts":"2026-11-25T10:00:00Z","values":{}}         | SCHEMA_VIOLATION      | values
        ts not a string      | {"ts":1764064800000,"values":{"t":1}}             | SCHEMA_VIOLATION      | ts
        overflowing number   | {"ts":"2026-11-25T10:00:00Z","values":{"t":1e400}} | NON_FINITE_VALUE     | values.t
        NaN literal          | {"ts":"2026-11-25T10:00:00Z","values":{"t":NaN}}  | NON_FINITE_VALUE      | values.t
        float overflow       | {"ts":"2026-11-25T10:00:00Z","sensor":"v","rateHz":10,"samples":[1,1e39]} | NON_FINITE_VALUE | samples[1]
        bad sample type      | {"ts":"2026-11-25T10:00:00Z","sensor":"v","rateHz":10,"samples":[1,true]} | SCHEMA_VIOLATION | samples[1]
        zero rate            | {"ts":"2026-11-25T10:00:00Z","sensor":"v","rateHz":0,"samples":[1]} | SCHEMA_VIOLATION | rateHz
        infinite rate        | {"ts":"2026-11-25T10:00:00Z","sensor":"v","rateHz":-Infinity,"samples":[1]} | NON_FINITE_VALUE | rateHz
        mixed shapes         | {"ts":"2026-11-25T10:00:00Z","sensor":"v","rateHz":1,"samples":[1],"values":{"t":1}} | SCHEMA_VIOLATION | values
        waveform w/o rate    | {"ts":"2026-11-25T10:00:00Z","sensor":"v","samples":[1]} | SCHEMA_VIOLATION | rateHz
        empty samples        | {"ts":"2026-11-25T10:00:00Z","sensor":"v","rateHz":1,"samples":[]} | SCHEMA_VIOLATION | samples
        too many samples     | {"ts":"2026-11-25T10:00:00Z","sensor":"v","rateHz":1,"samples":[1,2,3,4,5]} | TOO_MANY_SAMPLES | samples
        ts no offset         | {"ts":"2026-11-25T10:00:00","values":{"t":1}}     | INVALID_TIMESTAMP     | ts
        ts garbage           | {"ts":"yesterday","values":{"t":1}}               | INVALID_TIMESTAMP     | ts
        ts without seconds   | {"ts":"2026-11-25T10:00Z","values":{"t":1}}       | INVALID_TIMESTAMP     | ts
        ts too old           | {"ts":"2026-11-25T08:59:59Z","values":{"t":1}}    | TIMESTAMP_OUT_OF_SKEW | ts
        ts in future         | {"ts":"2026-11-25T10:05:01Z","values":{"t":1}}    | TIMESTAMP_OUT_OF_SKEW | ts
        ts signed year       | {"ts":"+292278994-08-17T07:12:56Z","values":{"t":1}} | INVALID_TIMESTAMP   | ts
        """)
    void rejectsWithReasonAndField(String name, String json, RejectReason reason, String field) {
        Outcome<TelemetryRecord> o = tel(json);
        assertThat(o.isOk()).as(name).isFalse();
        Rejection r = o.rejection();
        assertThat(r.reason()).as(r.toString()).isEqualTo(reason);
        assertThat(r.field()).as(r.toString()).isEqualTo(field);
        if (field != null) assertThat(r.detail()).contains(field);
    }

    @Test
    void detailsAreSpecific() {
        assertThat(tel("{\"ts\":\"2026-11-25T10:00:00Z\",\"values\":{\"t\":1e400}}")
                        .rejection()
                        .detail())
                .isEqualTo("field 'values.t' is 1e400, which is not a finite number");
        assertThat(tel("{\"values\":{\"t\":1}}").rejection().detail()).isEqualTo("missing required field 'ts'");
        assertThat(tel("{\"ts\":\"2026-11-25T08:00:00Z\",\"values\":{\"t\":1}}")
                        .rejection()
                        .detail())
                .contains("PT2H behind")
                .contains("allowed past skew PT1H");
        assertThat(tel("{\"ts\":\"2026-11-25T10:00:00Z\",\"values\":{\"t\":1")
                        .rejection()
                        .detail())
                .startsWith("payload is not valid JSON")
                .contains("line 1");
    }

    @Test
    void oversizedAndInvalidIds() {
        byte[] big = ("{\"ts\":\"2026-11-25T10:00:00Z\",\"values\":{\"t\":1},\"pad\":\"" + "x".repeat(3000) + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        Rejection r = v.telemetry("plant-a", "pump-1", big, T).rejection();
        assertThat(r.reason()).isEqualTo(RejectReason.OVERSIZED_PAYLOAD);
        assertThat(r.detail()).isEqualTo("payload has " + big.length + " bytes, the limit is 2048");
        byte[] ok = "{\"ts\":\"2026-11-25T10:00:00Z\",\"values\":{\"t\":1}}".getBytes(StandardCharsets.UTF_8);
        Rejection p = v.telemetry("Plant.A", "pump-1", ok, T).rejection();
        assertThat(p.reason()).isEqualTo(RejectReason.INVALID_ID);
        assertThat(p.field()).isEqualTo("plant");
        assertThat(p.detail()).contains("'Plant.A'");
        assertThat(v.telemetry("plant-a", "_pump", ok, T).rejection().field()).isEqualTo("asset");
    }

    private Outcome<MaintenanceLogRecord> log(String json) {
        return v.maintenance("plant-a", "pump-1", json.getBytes(StandardCharsets.UTF_8), LogSource.REST, T);
    }

    @Test
    void maintenanceMapsToAvroWithLowerCaseAction() {
        Outcome<MaintenanceLogRecord> o =
                log("{\"id\":\"wo-1\",\"ts\":\"2026-10-01T08:00:00Z\",\"action\":\"replacement\","
                        + "\"component\":\"bearing\",\"technician\":\"kim\",\"text\":\"replaced DE bearing\"}");
        MaintenanceLogRecord r = o.value();
        assertThat(r.getId()).isEqualTo("wo-1");
        assertThat(r.getAction()).isEqualTo(MaintenanceAction.REPLACEMENT);
        assertThat(r.getComponent()).isEqualTo("bearing");
        assertThat(r.getTechnician()).isEqualTo("kim");
        assertThat(r.getText()).isEqualTo("replaced DE bearing");
        assertThat(r.getSource()).isEqualTo(LogSource.REST);
        assertThat(r.getTs()).isEqualTo(Instant.parse("2026-10-01T08:00:00Z")); // old entries are fine
        MaintenanceLogRecord minimal = log("{\"id\":\"wo-2\",\"ts\":\"2026-10-01T08:00:00Z\",\"text\":\"looked\"}")
                .value();
        assertThat(minimal.getAction()).isEqualTo(MaintenanceAction.OTHER);
        assertThat(minimal.getComponent()).isNull();
    }

    @Test
    void lengthsCountCodePointsAsJsonSchemaDoes() {
        String wrench = "\uD83D\uDD27"; // one character, two UTF-16 units
        Instant ts = Instant.parse("2026-10-01T08:00:00Z");
        assertThat(v.maintenance(
                                "plant-a",
                                "pump-1",
                                wrench.repeat(128),
                                ts,
                                "repair",
                                null,
                                null,
                                "x",
                                LogSource.CSV,
                                T)
                        .isOk())
                .isTrue();
        Rejection r = v.maintenance(
                        "plant-a", "pump-1", wrench.repeat(129), ts, "repair", null, null, "x", LogSource.CSV, T)
                .rejection();
        assertThat(r.field()).isEqualTo("id");
        assertThat(r.detail()).contains("has 129 characters");
    }

    /**
     * The CSV import reads {@code action} by the JSON Schema's enum, exactly: the spellings the schema lists are
     * accepted, anything else (padded, mixed case, blank) is refused by both, never normalised (issue 14).
     */
    @Test
    void csvActionTakesExactlyTheSchemasEnum() throws Exception {
        Instant ts = Instant.parse("2026-10-01T08:00:00Z");
        java.util.Set<String> schemaEnum = new java.util.TreeSet<>();
        try (var in = getClass().getResourceAsStream("/json/maintenance-log.schema.json")) {
            new com.fasterxml.jackson.databind.ObjectMapper()
                    .readTree(in)
                    .at("/properties/action/enum")
                    .forEach(n -> schemaEnum.add(n.asText()));
        }
        assertThat(schemaEnum).isNotEmpty();
        for (String spelling : schemaEnum) {
            assertThat(v.maintenance("plant-a", "pump-1", "wo-9", ts, spelling, null, null, "x", LogSource.CSV, T)
                            .value()
                            .getAction()
                            .name())
                    .isEqualTo(spelling.toUpperCase(java.util.Locale.ROOT));
        }
        for (String bad : List.of("repair ", " Repair ", "RePaIr", "   ", "", "Repair", "FIX")) {
            assertThat(schemaEnum).doesNotContain(bad);
            Outcome<?> o = v.maintenance("plant-a", "pump-1", "wo-9", ts, bad, null, null, "x", LogSource.CSV, T);
            assertThat(o.isOk()).as(bad).isFalse();
            assertThat(o.rejection().field()).isEqualTo("action");
        }
        assertThat(v.maintenance("plant-a", "pump-1", "wo-9", ts, null, null, null, "x", LogSource.CSV, T)
                        .value()
                        .getAction())
                .isEqualTo(MaintenanceAction.OTHER); // an empty cell: the field is absent
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        missing id     | {"ts":"2026-10-01T08:00:00Z","text":"x"}                         | SCHEMA_VIOLATION | id
        missing text   | {"id":"a","ts":"2026-10-01T08:00:00Z"}                           | SCHEMA_VIOLATION | text
        unknown action | {"id":"a","ts":"2026-10-01T08:00:00Z","text":"x","action":"fix"} | SCHEMA_VIOLATION | action
        mixed-case act | {"id":"a","ts":"2026-10-01T08:00:00Z","text":"x","action":"Repair"} | SCHEMA_VIOLATION | action
        null component | {"id":"a","ts":"2026-10-01T08:00:00Z","text":"x","component":null} | SCHEMA_VIOLATION | component
        unknown field  | {"id":"a","ts":"2026-10-01T08:00:00Z","text":"x","prio":1}       | SCHEMA_VIOLATION | prio
        id not string  | {"id":7,"ts":"2026-10-01T08:00:00Z","text":"x"}                  | SCHEMA_VIOLATION | id
        future ts      | {"id":"a","ts":"2026-11-26T08:00:00Z","text":"x"}                | TIMESTAMP_OUT_OF_SKEW | ts
        bad json       | {"id":"a",                                                       | UNPARSABLE_JSON  |
        """)
    void maintenanceRejections(String name, String json, RejectReason reason, String field) {
        Rejection r = log(json).rejection();
        assertThat(r.reason()).as(r.toString()).isEqualTo(reason);
        assertThat(r.field()).as(r.toString()).isEqualTo(field);
    }

    /**
     * Issue 14: an extreme year (a CSV import with a {@code yyyy} pattern reaches the validator as an
     * Instant) overflowed epoch millis: ArithmeticException, INTERNAL_ERROR, HTTP 500. Now it is out of skew.
     */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"MAX", "MIN", "+292278994-08-17T07:12:56Z"})
    void extremeYearsAreOutOfSkewNotAnOverflow(String ts) {
        Instant instant = ts.equals("MAX") ? Instant.MAX : ts.equals("MIN") ? Instant.MIN : Instant.parse(ts);
        Outcome<MaintenanceLogRecord> o =
                v.maintenance("plant-a", "pump-1", "WO-1", instant, "repair", null, null, "x", LogSource.CSV, T);
        assertThat(o.isOk()).isFalse();
        assertThat(o.rejection().reason()).isEqualTo(RejectReason.TIMESTAMP_OUT_OF_SKEW);
        assertThat(o.rejection().field()).isEqualTo("ts");
    }
}

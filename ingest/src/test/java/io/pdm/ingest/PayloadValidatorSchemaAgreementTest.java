package io.pdm.ingest;

import static io.pdm.ingest.RejectReason.INVALID_TIMESTAMP;
import static io.pdm.ingest.RejectReason.NON_FINITE_VALUE;
import static io.pdm.ingest.RejectReason.OVERSIZED_PAYLOAD;
import static io.pdm.ingest.RejectReason.SCHEMA_VIOLATION;
import static io.pdm.ingest.RejectReason.TIMESTAMP_OUT_OF_SKEW;
import static io.pdm.ingest.RejectReason.TOO_MANY_SAMPLES;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.pdm.schemas.avro.LogSource;
import io.pdm.schemas.avro.MaintenanceAction;
import io.pdm.schemas.testing.ContractSchemas;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link PayloadValidator} and the published JSON Schemas (the contract device makers build against) accept the
 * same MQTT payloads: every case of the corpus is run through both, and both must give the hand-written verdict.
 * A telemetry payload is valid when it is a valid snapshot or a valid waveform block (both use one topic).
 *
 * <p>The validator also checks what no schema can say (timestamp skew against the receive time, payload size,
 * sample count, finite numbers, repeated keys): those cases are listed by name in {@link #deliberateDifferences}
 * with the reason, and asserted to differ exactly as described, so the list cannot go stale.
 */
class PayloadValidatorSchemaAgreementTest {
    static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");
    static final String TS = "\"2026-11-25T09:59:00Z\"";
    static final int MAX_BYTES = 16 * 1024, MAX_SAMPLES = 8;
    // Skews, size and sample count well clear of every agreement case; only the named differences reach them.
    final PayloadValidator validator = new PayloadValidator(
            new IngestConfig.Limits(MAX_BYTES, Duration.ofHours(1), Duration.ofMinutes(5), MAX_SAMPLES, 1 << 20));

    /** The schema a case is written against; telemetry's verdict is still "valid for either of the two". */
    enum Target {
        SNAPSHOT("telemetry-snapshot"),
        WAVEFORM("waveform-block"),
        MAINTENANCE("maintenance-log");

        final String schema;

        Target(String schema) {
            this.schema = schema;
        }
    }

    record Case(Target target, String name, boolean valid, String json) {
        @Override
        public String toString() {
            return target + " " + (valid ? "valid" : "invalid") + ": " + name;
        }
    }

    /** {@code '} stands for {@code "} and {@code @TS} for a timestamp within the skew, to keep the cases readable. */
    static String json(String s) {
        return s.replace('\'', '"').replace("@TS", TS);
    }

    static Case ok(Target t, String name, String json) {
        return new Case(t, name, true, json(json));
    }

    static Case bad(Target t, String name, String json) {
        return new Case(t, name, false, json(json));
    }

    static final Target S = Target.SNAPSHOT, W = Target.WAVEFORM, M = Target.MAINTENANCE;

    static List<Case> corpus() {
        List<Case> c = new ArrayList<>(List.of(
                ok(S, "snapshot", "{'ts':@TS,'values':{'temp':71.5,'rpm':1480}}"),
                ok(S, "every allowed name character, zero", "{'ts':@TS,'values':{'Az09_.-':0}}"),
                ok(S, "64-character sensor name", "{'ts':@TS,'values':{'" + "s".repeat(64) + "':1}}"),
                ok(S, "negative, exponent, big integer", "{'ts':@TS,'values':{'a':-1.5e-3,'b':12345678901234567890}}"),
                ok(S, "fields in any order", "{'values':{'t':1},'ts':@TS}"),
                ok(S, "ts with +02:00 offset", "{'ts':'2026-11-25T11:59:00+02:00','values':{'t':1}}"),
                ok(S, "ts with -05:30 offset", "{'ts':'2026-11-25T04:29:00-05:30','values':{'t':1}}"),
                ok(S, "ts with lower-case t and z", "{'ts':'2026-11-25t09:59:00.250z','values':{'t':1}}"),
                ok(S, "ts with nanoseconds", "{'ts':'2026-11-25T09:59:00.123456789Z','values':{'t':1}}"),
                bad(S, "not an object: array", "[1,2]"),
                bad(S, "not an object: string", "'telemetry'"),
                bad(S, "not an object: null", "null"),
                bad(S, "empty object", "{}"),
                bad(S, "missing ts", "{'values':{'t':1}}"),
                bad(S, "missing values", "{'ts':@TS}"),
                bad(S, "unknown field", "{'ts':@TS,'values':{'t':1},'unit':'C'}"),
                bad(S, "values an array", "{'ts':@TS,'values':[1]}"),
                bad(S, "values a number", "{'ts':@TS,'values':1}"),
                bad(S, "values empty", "{'ts':@TS,'values':{}}"),
                bad(S, "value a string", "{'ts':@TS,'values':{'t':'12'}}"),
                bad(S, "value null", "{'ts':@TS,'values':{'t':null}}"),
                bad(S, "value a boolean", "{'ts':@TS,'values':{'t':true}}"),
                bad(S, "value an object", "{'ts':@TS,'values':{'t':{'v':1}}}"),
                bad(S, "sensor name with slash", "{'ts':@TS,'values':{'t/x':1}}"),
                bad(S, "sensor name with space", "{'ts':@TS,'values':{'t x':1}}"),
                bad(S, "empty sensor name", "{'ts':@TS,'values':{'':1}}"),
                bad(S, "65-character sensor name", "{'ts':@TS,'values':{'" + "s".repeat(65) + "':1}}"),
                bad(S, "non-ASCII sensor name", "{'ts':@TS,'values':{'temp\u00e9':1}}"),
                bad(S, "sensor name ending in a line break", "{'ts':@TS,'values':{'temp\\n':1}}"),
                bad(S, "ts a number", "{'ts':1764064740000,'values':{'t':1}}"),
                bad(S, "ts null", "{'ts':null,'values':{'t':1}}"),
                bad(S, "ts without offset", "{'ts':'2026-11-25T09:59:00','values':{'t':1}}"),
                bad(S, "ts without seconds", "{'ts':'2026-11-25T09:59Z','values':{'t':1}}"),
                bad(S, "ts with hour-only offset", "{'ts':'2026-11-25T10:59:00+01','values':{'t':1}}"),
                bad(S, "ts with offset lacking colon", "{'ts':'2026-11-25T10:59:00+0100','values':{'t':1}}"),
                bad(S, "ts with empty fraction", "{'ts':'2026-11-25T09:59:00.Z','values':{'t':1}}"),
                bad(S, "ts with comma fraction", "{'ts':'2026-11-25T09:59:00,5Z','values':{'t':1}}"),
                bad(S, "ts a date only", "{'ts':'2026-11-25','values':{'t':1}}"),
                bad(S, "ts November 31st", "{'ts':'2026-11-31T09:59:00Z','values':{'t':1}}"),
                bad(S, "ts hour 24", "{'ts':'2026-11-24T24:00:00Z','values':{'t':1}}"),
                bad(S, "ts minute 60", "{'ts':'2026-11-25T09:60:00Z','values':{'t':1}}"),
                bad(S, "ts offset minute 60", "{'ts':'2026-11-25T19:59:00+10:60','values':{'t':1}}"),
                bad(S, "ts offset -24:00", "{'ts':'2026-11-24T09:59:00-24:00','values':{'t':1}}"),
                bad(S, "ts Z after an offset", "{'ts':'2026-11-25T10:59:00+01:00Z','values':{'t':1}}"),
                bad(S, "ts ordinal date", "{'ts':'2026-329T09:59:00Z','values':{'t':1}}"),
                bad(S, "ts with a non-ASCII digit", "{'ts':'2026-11-2\u09eaT09:59:00Z','values':{'t':1}}"),
                bad(S, "ts in words", "{'ts':'yesterday','values':{'t':1}}"),
                ok(W, "waveform block", "{'ts':@TS,'sensor':'vib.x','rateHz':25600,'samples':[0.5,-1,2e-3]}"),
                ok(W, "one sample, fractional rate", "{'ts':@TS,'sensor':'v','rateHz':0.5,'samples':[0]}"),
                ok(W, "as many samples as allowed", "{'ts':@TS,'sensor':'v','rateHz':1,'samples':[1,2,3,4,5,6,7,8]}"),
                bad(W, "not an object", "[]"),
                bad(W, "missing ts", "{'sensor':'v','rateHz':1,'samples':[1]}"),
                bad(W, "missing sensor", "{'ts':@TS,'rateHz':1,'samples':[1]}"),
                bad(W, "missing rateHz", "{'ts':@TS,'sensor':'v','samples':[1]}"),
                bad(W, "missing samples", "{'ts':@TS,'sensor':'v','rateHz':1}"),
                bad(W, "unknown field", "{'ts':@TS,'sensor':'v','rateHz':1,'samples':[1],'unit':'g'}"),
                bad(W, "values beside samples", "{'ts':@TS,'sensor':'v','rateHz':1,'samples':[1],'values':{'t':1}}"),
                bad(W, "sensor a number", "{'ts':@TS,'sensor':7,'rateHz':1,'samples':[1]}"),
                bad(W, "sensor null", "{'ts':@TS,'sensor':null,'rateHz':1,'samples':[1]}"),
                bad(W, "sensor with space", "{'ts':@TS,'sensor':'vib x','rateHz':1,'samples':[1]}"),
                bad(W, "sensor empty", "{'ts':@TS,'sensor':'','rateHz':1,'samples':[1]}"),
                bad(
                        W,
                        "sensor of 65 characters",
                        "{'ts':@TS,'sensor':'" + "v".repeat(65) + "','rateHz':1,'samples':[1]}"),
                bad(W, "sensor ending in a line break", "{'ts':@TS,'sensor':'vib\\n','rateHz':1,'samples':[1]}"),
                bad(W, "rateHz zero", "{'ts':@TS,'sensor':'v','rateHz':0,'samples':[1]}"),
                bad(W, "rateHz negative", "{'ts':@TS,'sensor':'v','rateHz':-10,'samples':[1]}"),
                bad(W, "rateHz a string", "{'ts':@TS,'sensor':'v','rateHz':'100','samples':[1]}"),
                bad(W, "rateHz null", "{'ts':@TS,'sensor':'v','rateHz':null,'samples':[1]}"),
                bad(W, "samples empty", "{'ts':@TS,'sensor':'v','rateHz':1,'samples':[]}"),
                bad(W, "samples an object", "{'ts':@TS,'sensor':'v','rateHz':1,'samples':{'0':1}}"),
                bad(W, "samples a number", "{'ts':@TS,'sensor':'v','rateHz':1,'samples':1}"),
                bad(W, "sample a string", "{'ts':@TS,'sensor':'v','rateHz':1,'samples':[1,'2']}"),
                bad(W, "sample null", "{'ts':@TS,'sensor':'v','rateHz':1,'samples':[1,null]}"),
                bad(W, "sample a boolean", "{'ts':@TS,'sensor':'v','rateHz':1,'samples':[true]}"),
                bad(W, "sample an array", "{'ts':@TS,'sensor':'v','rateHz':1,'samples':[[1]]}"),
                bad(W, "ts without offset", "{'ts':'2026-11-25T09:59:00','sensor':'v','rateHz':1,'samples':[1]}"),
                bad(W, "ts a number", "{'ts':0,'sensor':'v','rateHz':1,'samples':[1]}"),
                ok(
                        M,
                        "full entry",
                        "{'id':'wo-1','ts':'2026-10-01T08:00:00Z','action':'REPAIR','component':'seal','technician':'kim','text':'replaced seal'}"),
                ok(M, "only the required fields", "{'id':'wo-1','ts':'2026-10-01T08:00:00Z','text':'looked'}"),
                ok(
                        M,
                        "empty component and technician",
                        "{'id':'wo-1','ts':'2026-10-01T08:00:00Z','component':'','technician':'','text':'x'}"),
                ok(M, "blank text", "{'id':'wo-1','ts':'2026-10-01T08:00:00Z','text':'  '}"),
                ok(M, "ts with offset", "{'id':'wo-1','ts':'2026-10-01T08:00:00-07:00','text':'x'}"),
                ok(
                        M,
                        "128-character id, component, technician",
                        "{'id':'" + "i".repeat(128) + "','ts':@TS,'component':'" + "c".repeat(128) + "','technician':'"
                                + "t".repeat(128) + "','text':'x'}"),
                ok(M, "8192-character text", "{'id':'wo-1','ts':@TS,'text':'" + "x".repeat(8192) + "'}"),
                // JSON Schema counts characters as code points: 128 emoji are 128 characters (and 256 UTF-16 units).
                ok(M, "128 emoji as id", "{'id':'" + "\uD83D\uDD27".repeat(128) + "','ts':@TS,'text':'x'}"),
                bad(M, "129 emoji as id", "{'id':'" + "\uD83D\uDD27".repeat(129) + "','ts':@TS,'text':'x'}"),
                bad(M, "not an object", "['wo-1']"),
                bad(M, "missing id", "{'ts':@TS,'text':'x'}"),
                bad(M, "missing ts", "{'id':'wo-1','text':'x'}"),
                bad(M, "missing text", "{'id':'wo-1','ts':@TS}"),
                bad(M, "unknown field", "{'id':'wo-1','ts':@TS,'text':'x','prio':1}"),
                bad(M, "empty id", "{'id':'','ts':@TS,'text':'x'}"),
                bad(M, "empty text", "{'id':'wo-1','ts':@TS,'text':''}"),
                bad(M, "129-character id", "{'id':'" + "i".repeat(129) + "','ts':@TS,'text':'x'}"),
                bad(
                        M,
                        "129-character component",
                        "{'id':'wo-1','ts':@TS,'component':'" + "c".repeat(129) + "','text':'x'}"),
                bad(
                        M,
                        "129-character technician",
                        "{'id':'wo-1','ts':@TS,'technician':'" + "t".repeat(129) + "','text':'x'}"),
                bad(M, "8193-character text", "{'id':'wo-1','ts':@TS,'text':'" + "x".repeat(8193) + "'}"),
                bad(M, "id a number", "{'id':7,'ts':@TS,'text':'x'}"),
                bad(M, "id null", "{'id':null,'ts':@TS,'text':'x'}"),
                bad(M, "ts a number", "{'id':'wo-1','ts':1759305600000,'text':'x'}"),
                bad(M, "ts null", "{'id':'wo-1','ts':null,'text':'x'}"),
                bad(M, "ts without offset", "{'id':'wo-1','ts':'2026-10-01T08:00:00','text':'x'}"),
                bad(M, "ts without seconds", "{'id':'wo-1','ts':'2026-10-01T08:00Z','text':'x'}"),
                bad(M, "ts in words", "{'id':'wo-1','ts':'last Tuesday','text':'x'}"),
                bad(M, "text a number", "{'id':'wo-1','ts':@TS,'text':42}"),
                bad(M, "text null", "{'id':'wo-1','ts':@TS,'text':null}"),
                bad(M, "component a number", "{'id':'wo-1','ts':@TS,'component':1,'text':'x'}"),
                bad(M, "technician a boolean", "{'id':'wo-1','ts':@TS,'technician':true,'text':'x'}"),
                bad(M, "action a number", "{'id':'wo-1','ts':@TS,'action':1,'text':'x'}"),
                bad(M, "action unknown", "{'id':'wo-1','ts':@TS,'action':'FIX','text':'x'}"),
                bad(M, "action in mixed case", "{'id':'wo-1','ts':@TS,'action':'Repair','text':'x'}"),
                bad(M, "action padded", "{'id':'wo-1','ts':@TS,'action':' REPAIR','text':'x'}"),
                bad(M, "action empty", "{'id':'wo-1','ts':@TS,'action':'','text':'x'}"),
                bad(M, "action null", "{'id':'wo-1','ts':@TS,'action':null,'text':'x'}"),
                bad(M, "component null", "{'id':'wo-1','ts':@TS,'component':null,'text':'x'}"),
                bad(M, "technician null", "{'id':'wo-1','ts':@TS,'technician':null,'text':'x'}")));
        // Every enum value, in both spellings the schema lists.
        for (MaintenanceAction a : MaintenanceAction.values()) {
            for (String spelling : List.of(a.name(), a.name().toLowerCase(Locale.ROOT))) {
                c.add(ok(M, "action " + spelling, "{'id':'wo-1','ts':@TS,'action':'" + spelling + "','text':'x'}"));
            }
        }
        return c;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void validatorAndSchemaGiveTheSameVerdict(Case c) {
        List<String> schemaMessages = schemaMessages(c.target(), c.json());
        Outcome<?> outcome = validate(c.target(), c.json(), NOW);
        assertThat(schemaMessages.isEmpty())
                .as("schema on %s: %s", abbreviated(c.json()), schemaMessages)
                .isEqualTo(c.valid());
        assertThat(outcome.isOk())
                .as("PayloadValidator on %s: %s", abbreviated(c.json()), outcome)
                .isEqualTo(c.valid());
        if (!c.valid()) {
            // A schema-level refusal, not one of the checks beyond the schema tripping by accident.
            assertThat(outcome.rejection().reason()).as(outcome.toString()).isIn(SCHEMA_VIOLATION, INVALID_TIMESTAMP);
        }
    }

    @Test
    void corpusBreaksEveryConstraintOfEachSchema() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        for (Target t : Target.values()) {
            Set<String> broken = new TreeSet<>();
            for (Case c : corpus()) {
                if (c.target() == t && !c.valid())
                    broken.addAll(ContractSchemas.violatedConstraints(t.schema, mapper.readTree(c.json())));
            }
            assertThat(broken).as(t.schema).containsAll(ContractSchemas.constraints(t.schema));
        }
    }

    /**
     * Where the two differ on purpose. {@code schemaValid} is the JSON Schema verdict; {@code reason} is the
     * validator's rejection, or null when it accepts.
     */
    record Difference(Target target, String name, String json, boolean schemaValid, RejectReason reason, String why) {
        @Override
        public String toString() {
            return target + ": " + name;
        }
    }

    static List<Difference> deliberateDifferences() {
        String manySensors =
                IntStream.range(0, 2000).mapToObj(i -> "'s" + i + "':1.0").collect(Collectors.joining(",", "{", "}"));
        return List.of(
                new Difference(
                        S,
                        "ts beyond the past skew",
                        json("{'ts':'2026-11-25T08:59:59Z','values':{'t':1}}"),
                        true,
                        TIMESTAMP_OUT_OF_SKEW,
                        "skew is measured against the receive time, which the payload does not carry"),
                new Difference(
                        W,
                        "ts beyond the future skew",
                        json("{'ts':'2026-11-25T10:05:01Z','sensor':'v','rateHz':1,'samples':[1]}"),
                        true,
                        TIMESTAMP_OUT_OF_SKEW,
                        "skew is measured against the receive time, which the payload does not carry"),
                new Difference(
                        M,
                        "ts beyond the future skew",
                        json("{'id':'wo-1','ts':'2026-11-26T10:00:00Z','text':'x'}"),
                        true,
                        TIMESTAMP_OUT_OF_SKEW,
                        "skew is measured against the receive time (maintenance entries have no past bound)"),
                new Difference(
                        S,
                        "payload over maxPayloadBytes",
                        json("{'ts':@TS,'values':" + manySensors + "}"),
                        true,
                        OVERSIZED_PAYLOAD,
                        "a deployment limit in bytes; JSON Schema cannot count the encoding"),
                new Difference(
                        M,
                        "8192 two-byte characters over maxPayloadBytes",
                        json("{'id':'wo-1','ts':@TS,'text':'" + "\u00e9".repeat(8192) + "'}"),
                        true,
                        OVERSIZED_PAYLOAD,
                        "within maxLength, but the UTF-8 bytes exceed the deployment limit"),
                new Difference(
                        W,
                        "more samples than maxSamples",
                        json("{'ts':@TS,'sensor':'v','rateHz':1,'samples':[1,2,3,4,5,6,7,8,9]}"),
                        true,
                        TOO_MANY_SAMPLES,
                        "a deployment limit, not part of the contract"),
                new Difference(
                        S,
                        "value overflowing a double",
                        json("{'ts':@TS,'values':{'t':1e400}}"),
                        true,
                        NON_FINITE_VALUE,
                        "JSON numbers are unbounded; Avro carries doubles"),
                new Difference(
                        W,
                        "rateHz overflowing a double",
                        json("{'ts':@TS,'sensor':'v','rateHz':1e400,'samples':[1]}"),
                        true,
                        NON_FINITE_VALUE,
                        "JSON numbers are unbounded; Avro carries doubles"),
                new Difference(
                        W,
                        "sample overflowing a float",
                        json("{'ts':@TS,'sensor':'v','rateHz':1,'samples':[1,1e39]}"),
                        true,
                        NON_FINITE_VALUE,
                        "JSON numbers are unbounded; Avro carries samples as 32-bit floats"),
                new Difference(
                        S,
                        "repeated top-level key",
                        json("{'ts':@TS,'ts':@TS,'values':{'t':1}}"),
                        true,
                        SCHEMA_VIOLATION,
                        "a schema sees the parsed object, in which the repeated key has already collapsed into one"),
                new Difference(
                        S,
                        "repeated sensor",
                        json("{'ts':@TS,'values':{'t':1,'t':2}}"),
                        true,
                        SCHEMA_VIOLATION,
                        "a schema sees the parsed object, in which the repeated key has already collapsed into one"),
                new Difference(
                        M,
                        "leap second",
                        json("{'id':'wo-1','ts':'1998-12-31T23:59:60Z','text':'x'}"),
                        true,
                        INVALID_TIMESTAMP,
                        "java.time has no second 60; the last leap second was in 2016 and none is due, so refusing one costs nothing"),
                // The validator (networknt 1.5.9 with ethlo ITU) departs from RFC 3339's date-time rule, which JSON
                // Schema
                // names; ingest keeps to the rule.
                new Difference(
                        S,
                        "ts with a space for T",
                        json("{'ts':'2026-11-25 09:59:00Z','values':{'t':1}}"),
                        true,
                        INVALID_TIMESTAMP,
                        "RFC 3339 date-time requires T; ethlo also takes the space its readability note allows"),
                new Difference(
                        S,
                        "ts with offset -00:00",
                        json("{'ts':'2026-11-25T09:59:00-00:00','values':{'t':1}}"),
                        false,
                        null,
                        "RFC 3339 allows -00:00 (UTC, local offset unknown); ethlo refuses it"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deliberateDifferences")
    void validatorAndSchemaDifferOnlyAsDocumented(Difference d) {
        List<String> schemaMessages = schemaMessages(d.target(), d.json());
        Outcome<?> outcome = validate(d.target(), d.json(), NOW);
        assertThat(schemaMessages.isEmpty())
                .as("schema: %s (%s)", schemaMessages, d.why())
                .isEqualTo(d.schemaValid());
        if (d.reason() == null) {
            assertThat(outcome.isOk()).as("%s (%s)", outcome, d.why()).isTrue();
        } else {
            assertThat(outcome.isOk()).as("%s (%s)", outcome, d.why()).isFalse();
            assertThat(outcome.rejection().reason())
                    .as("%s (%s)", outcome, d.why())
                    .isEqualTo(d.reason());
        }
    }

    /** Telemetry: the messages of the schema the payload comes closest to; empty when either schema accepts it. */
    static List<String> schemaMessages(Target target, String json) {
        if (target == M) return ContractSchemas.validate(M.schema, json);
        List<String> snapshot = ContractSchemas.validate(S.schema, json),
                waveform = ContractSchemas.validate(W.schema, json);
        if (snapshot.isEmpty() || waveform.isEmpty()) return List.of();
        return target == S ? snapshot : waveform;
    }

    Outcome<?> validate(Target target, String json, Instant receivedAt) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        return target == M
                ? validator.maintenance("plant-a", "pump-1", bytes, LogSource.MQTT, receivedAt.toEpochMilli())
                : validator.telemetry("plant-a", "pump-1", bytes, receivedAt.toEpochMilli());
    }

    static String abbreviated(String json) {
        return json.length() > 200 ? json.substring(0, 200) + "…" : json;
    }

    @Test
    void corpusHasNoDuplicateNames() {
        Stream<String> names = Stream.concat(
                corpus().stream().map(Case::toString),
                deliberateDifferences().stream().map(Difference::toString));
        assertThat(names.toList()).doesNotHaveDuplicates();
    }
}

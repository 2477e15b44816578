package io.pdm.alerting.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pdm.alerting.lifecycle.Candidate;
import io.pdm.alerting.lifecycle.RejectReason;
import io.pdm.alerting.lifecycle.Rejected;
import io.pdm.schemas.AvroCodec;
import io.pdm.schemas.alerting.AlertFacts;
import io.pdm.schemas.avro.AlertRecord;
import io.pdm.schemas.avro.RemainingLife;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The candidate read in place (routing fields at once, the fact sheet checked at once, the facts built when asked
 * for) gives what Avro's decoder and the text parser give, and refuses the same inputs with the same detail.
 */
class CandidateReaderTest {
    static final String T = "2026-12-05T08:00:00Z";
    static final String PLANT = Plant.PLANT;
    static final AvroCodec<AlertRecord> CODEC = AvroCodec.of(AlertRecord.class);

    @Test
    void keepsReasonAndMeasurementsAndLeavesOutWhatIsUnknownOrWithoutANumber() throws Rejected {
        String sheet = "{\"extra\":{\"deep\":[1,{\"x\":2}]},\"measurements\":["
                + "{\"channel\":\"vibration.rms\",\"value\":7.4,\"unit\":\"mm/s\",\"time\":\"" + T + "\",\"limit\":7.1,"
                + "\"zone\":\"C\",\"standard\":\"ISO 20816-3:2022\",\"note\":[\"ignored\"]},"
                + "{\"channel\":\"temperature_c.mean\",\"value\":71,\"time\":\"" + T + "\",\"limit\":\"NaN\","
                + "\"zone\":null},"
                + "{\"channel\":\"pressure\",\"value\":\"NaN\",\"time\":\"" + T + "\"},"
                + "{\"value\":1.0,\"time\":\"" + T + "\"}, 42, [1]],"
                + "\"reason\":\"vibration above its limit\"}";
        AlertFacts.Evidence e = FactSheets.read(sheet);
        assertThat(e.reason()).isEqualTo("vibration above its limit");
        assertThat(e.measurements())
                .containsExactly(
                        new AlertFacts.Measurement(
                                "vibration.rms", 7.4, "mm/s", Instant.parse(T), 7.1, "C", "ISO 20816-3:2022"),
                        new AlertFacts.Measurement("temperature_c.mean", 71.0, "", Instant.parse(T), null, null, null));
        assertThat(FactSheets.read("{}")).isEqualTo(new AlertFacts.Evidence("", List.of()));
        // the same from a candidate's bytes, the check passing first
        Candidate c = new CandidateReader(PLANT).read(CODEC.encode(withSheet(sheet)));
        assertThat(c.facts().evidence()).isEqualTo(e);
    }

    @Test
    void refusesWhatIsNotAJsonObjectAndAMeasurementWithoutATime() {
        for (String bad : new String[] {"[1]", "42", "", "{\"reason\":\"x\"", "{\"reason\":}"}) {
            assertThatThrownBy(() -> FactSheets.read(bad))
                    .as(bad)
                    .isInstanceOfSatisfying(
                            Rejected.class, r -> assertThat(r.reason()).isEqualTo(RejectReason.MALFORMED_CANDIDATE))
                    .hasMessageStartingWith("factSheet ");
        }
        assertThatThrownBy(() -> FactSheets.read(
                        "{\"measurements\":[{\"channel\":\"vibration.rms\",\"value\":7.4,\"time\":\"yesterday\"}]}"))
                .hasMessage("factSheet measurement vibration.rms has no valid time");
    }

    /** Sheets the check must judge exactly as the read does, odd shapes included (a number that is an object, ...). */
    static final String[] SHEETS = {
        "{}",
        "{\"reason\":\"r\",\"measurements\":[]}",
        "{\"measurements\":[{\"channel\":\"a\",\"value\":1,\"time\":\"" + T + "\"}]}",
        "{\"measurements\":[{\"channel\":\"a\",\"value\":1,\"time\":\"yesterday\"}]}",
        "{\"measurements\":[{\"channel\":\"a\",\"value\":1}]}",
        "{\"measurements\":[{\"channel\":null,\"value\":1,\"time\":\"x\"}]}",
        "{\"measurements\":[{\"channel\":\"a\",\"value\":\"1\",\"time\":\"x\"}]}",
        "{\"measurements\":[{\"channel\":{\"n\":1},\"value\":1,\"time\":\"" + T + "\"}]}",
        "{\"measurements\":[{\"channel\":\"a\",\"value\":{\"channel\":\"b\",\"time\":\"x\"},\"time\":\"" + T + "\"}]}",
        "{\"measurements\":[{\"channel\":\"a\",\"value\":{\"value\":2,\"time\":\"x\"}}]}",
        "{\"measurements\":[{\"channel\":\"a\",\"limit\":[1,{\"value\":3}],\"value\":1,\"time\":\"" + T + "\"}]}",
        "{\"measurements\":[{\"channel\":\"a\",\"value\":1,\"time\":{\"t\":1}}]}",
        "{\"measurements\":[{\"channel\":\"a\",\"value\":1,\"time\":1733385600}]}",
        "{\"measurements\":[{\"channel\":\"a\",\"value\":1,\"time\":\"" + T + "\",\"time\":\"x\"}]}",
        "{\"measurements\":[{\"channel\":\"a\",\"value\":1,\"time\":\"x\",\"time\":\"" + T + "\"}]}",
        "{\"measurements\":{\"channel\":\"a\",\"value\":1,\"time\":\"x\"}}",
        "{\"measurements\":[1,\"x\",null,[{\"channel\":\"a\",\"value\":1,\"time\":\"x\"}]]}",
        "{\"reason\":\"bad escape \\q\"}",
        "{\"reason\":\"caf\u00e9 \\u00e9\",\"unknown\":\"\\q\"}",
        "{\"reason\":[1,2],\"measurements\":[{\"channel\":\"a\",\"value\":1,\"time\":\"" + T + "\"}]}",
        "{\"measurements\":[{\"channel\":\"a\",\"value\":1,\"time\":\"" + T + "\"}",
        "{\"reason\":\"x\"} trailing",
        "{\"reason\" \"x\"}",
        "[]",
        "",
        "nul",
    };

    @Test
    void theCheckRefusesExactlyWhatTheReadRefuses() {
        for (String sheet : SHEETS) {
            byte[] b = sheet.getBytes(StandardCharsets.UTF_8);
            Rejected byRead = refusal(() -> FactSheets.read(sheet));
            Rejected byCheck = refusal(() -> {
                FactSheets.check(b, 0, b.length);
                return null;
            });
            assertThat(byCheck == null).as(sheet).isEqualTo(byRead == null);
            if (byRead == null) {
                assertThat(refusal(() -> FactSheets.read(b, 0, b.length)))
                        .as(sheet)
                        .isNull();
            }
        }
    }

    @Test
    void aCandidateReadInPlaceEqualsAvrosDecodeWithItsFacts() throws Rejected {
        Random random = new Random(42);
        CandidateReader reader = new CandidateReader(PLANT);
        for (int i = 0; i < 2_000; i++) {
            AlertRecord r = random(random, i);
            byte[] bytes = CODEC.encode(r);
            assertThat(CandidateReader.current(bytes)).isTrue();
            Candidate inPlace = reader.read(bytes), avro = reader.of(CODEC.decode(bytes), true);
            assertThat(inPlace.facts()).as("record %d", i).isEqualTo(avro.facts());
            assertThat(inPlace)
                    .usingRecursiveComparison()
                    .ignoringFields("factsSource")
                    .isEqualTo(avro);
        }
    }

    @Test
    void refusalsReadInPlaceHaveAvrosAndTheParsersDetail() {
        CandidateReader reader = new CandidateReader(PLANT);
        AlertRecord good =
                Plant.record("pump-1", "REMAINING_LIFE_LOW", "bearing-wear", "RAISED", 700, Instant.parse(T));
        List<AlertRecord> bad = new ArrayList<>();
        bad.add(AlertRecord.newBuilder(good).setPlant("plant-b").build());
        bad.add(AlertRecord.newBuilder(good).setAsset("Pump 1!").build());
        bad.add(AlertRecord.newBuilder(good).setFingerprint(" ").build());
        bad.add(AlertRecord.newBuilder(good).setSeverity(0).build());
        bad.add(AlertRecord.newBuilder(good).setState("RAISING").build());
        for (String sheet : SHEETS) bad.add(withSheet(sheet));
        for (AlertRecord r : bad) {
            byte[] bytes = CODEC.encode(r);
            Rejected expected =
                    refusal(() -> reader.of(CODEC.decode(bytes), true).facts());
            Rejected actual = refusal(() -> reader.read(bytes));
            if (expected == null) {
                assertThat(actual).as(r.getFactSheet()).isNull();
                continue;
            }
            assertThat(actual).as(r.toString()).isNotNull();
            assertThat(actual.reason()).isEqualTo(RejectReason.MALFORMED_CANDIDATE);
            assertThat(actual.detail()).isEqualTo(expected.detail());
        }
        // truncated or foreign bytes: Avro's own refusal
        byte[] whole = CODEC.encode(good);
        for (int cut : new int[] {0, 5, 10, 11, 40, whole.length - 1}) {
            byte[] part = java.util.Arrays.copyOf(whole, cut);
            Rejected r = refusal(() -> reader.read(part));
            assertThat(r).as("cut at %d", cut).isNotNull();
            assertThat(r.detail()).contains("not a AlertRecord");
        }
    }

    private static AlertRecord withSheet(String sheet) {
        return AlertRecord.newBuilder(
                        Plant.record("pump-1", "REMAINING_LIFE_LOW", "bearing-wear", "RAISED", 700, Instant.parse(T)))
                .setFactSheet(sheet)
                .build();
    }

    private static AlertRecord random(Random r, int i) {
        String asset = "pump-" + r.nextInt(50);
        String sheet = "{\"reason\":\"r\u00e9ason " + i + "\",\"measurements\":[{\"channel\":\"c" + r.nextInt(9)
                + "\",\"value\":" + r.nextGaussian() + ",\"unit\":\"\u00b0C\",\"time\":\""
                + Instant.parse(T).plusSeconds(r.nextInt(100)) + "\"" + (r.nextBoolean() ? ",\"limit\":7.5" : "")
                + "}]}";
        List<String> cited = new ArrayList<>();
        for (int k = r.nextInt(4); k > 0; k--) cited.add("WO-" + r.nextInt(10_000));
        List<String> violations = r.nextBoolean() ? List.of() : List.of("claim " + i, "\u4e2d\u6587");
        return AlertRecord.newBuilder()
                .setAlertId("id-" + i)
                .setFingerprint("fp-" + r.nextInt(1_000))
                .setPlant(PLANT)
                .setAsset(asset)
                .setAssetType(r.nextBoolean() ? "pump-set" : "fan")
                .setKind("REMAINING_LIFE_LOW")
                .setFailureMode(r.nextBoolean() ? null : "bearing-wear")
                .setState(new String[] {"RAISED", "UPDATED", "CLEARED"}[r.nextInt(3)])
                .setSeverity(1 + r.nextInt(1000))
                .setOccurredAt(Instant.ofEpochMilli(1_733_385_600_000L + r.nextInt(1_000_000_000)))
                .setRemainingLife(
                        r.nextBoolean()
                                ? null
                                : new RemainingLife(r.nextDouble(), -1e300, Double.NaN, 0.9, "HOUR", "conformal"))
                .setHealthStage(r.nextBoolean() ? null : "DEGRADING")
                .setBaseModel(r.nextBoolean() ? null : "ab".repeat(32))
                .setAdapterVersion(r.nextBoolean() ? null : r.nextLong())
                .setTitle("title " + i)
                .setText("text \u2013 " + "x".repeat(r.nextInt(300)))
                .setWriter("template")
                .setGrounded(r.nextBoolean())
                .setWriterAttempts(1 + r.nextInt(3))
                .setGroundingViolations(violations)
                .setCitedLogs(cited)
                .setFactSheet(sheet)
                .build();
    }

    interface Read {
        Object get() throws Rejected;
    }

    private static Rejected refusal(Read read) {
        try {
            read.get();
            return null;
        } catch (Rejected r) {
            return r;
        } catch (Rejected.Late late) {
            return late.why();
        }
    }
}

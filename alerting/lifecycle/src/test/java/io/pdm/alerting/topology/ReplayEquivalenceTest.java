package io.pdm.alerting.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.pdm.alerting.lifecycle.LifecycleSettings;
import io.pdm.schemas.avro.AlertRecord;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/**
 * The topology with its shortcuts (remembered suppression answers, the sheet's fast check) publishes exactly what the
 * topology without them publishes: a long random stream of candidates (many assets, kinds, whole-asset and part
 * alerts, repeats, clears, band changes, malformed sheets) and commands (acknowledge, shelve, silences that start and
 * end, asset conditions, ...), with the wall clock moving, goes through both, and every record on the event, state
 * and dead-letter topics is compared byte for byte, with its key, timestamp and headers.
 */
class ReplayEquivalenceTest {
    static final String[] KINDS = {"REMAINING_LIFE_LOW", "CONDITION_LIMIT", "CONDITION_CHANGE", "HEALTH_STAGE"};
    /** The whole asset's mode, two of the pump type's (its parts), and one that is not the type's. */
    static final String[] MODES = {"unspecified", "bearing-wear", "seal-leak", "channel:vibration.rms"};

    @Test
    void aLongRandomStreamGivesTheSameRecordsWithAndWithoutTheShortcuts() {
        LifecycleSettings settings =
                LifecycleSettings.DEFAULTS.withEscalation(Duration.ofMinutes(20), List.of("ops", "lead"));
        Map<String, Integer> types = new HashMap<>();
        int compared = 0;
        try (Plant fast = Plant.inMemory(settings, 2, false);
                Plant reference = Plant.inMemory(settings, 2, true)) {
            Random random = new Random(2026);
            Instant eventTime = Plant.START;
            for (int step = 0; step < 20_000; step++) {
                int what = random.nextInt(100);
                if (what < 80) {
                    eventTime = eventTime.plusMillis(random.nextInt(1_000));
                    String asset = "pump-" + random.nextInt(4);
                    byte[] candidate = candidate(random, asset, eventTime);
                    fast.alerts.pipeInput(asset, candidate);
                    reference.alerts.pipeInput(asset, candidate);
                } else if (what < 92) {
                    String json = command(random, fast.now());
                    fast.command(json);
                    reference.command(json);
                } else {
                    Duration d = random.nextInt(20) == 0
                            ? Duration.ofHours(1 + random.nextInt(30))
                            : Duration.ofSeconds(random.nextInt(120));
                    fast.advance(d);
                    reference.advance(d);
                }
                if (step % 1_000 == 999) compared += same(fast, reference, types);
            }
            compared += same(fast, reference, types);
        }
        assertThat(compared).isGreaterThan(10_000);
        // the stream reached the paths the shortcuts skip or feed
        assertThat(types)
                .containsKeys(
                        "raised",
                        "cleared",
                        "closed",
                        "suppressed",
                        "unsuppressed",
                        "shelved",
                        "unshelved",
                        "escalated",
                        "chattering",
                        "acknowledged",
                        "dlq",
                        "state");
    }

    /** Compares what both published since the last call; returns how many records that was. */
    private static int same(Plant fast, Plant reference, Map<String, Integer> types) {
        int n = 0;
        for (Function<Plant, TestOutputTopic<String, byte[]>> topic :
                List.<Function<Plant, TestOutputTopic<String, byte[]>>>of(p -> p.events, p -> p.states, p -> p.dlq)) {
            List<TestRecord<String, byte[]>> a = topic.apply(fast).readRecordsToList();
            List<TestRecord<String, byte[]>> b = topic.apply(reference).readRecordsToList();
            assertThat(a.stream().map(ReplayEquivalenceTest::text).toList())
                    .isEqualTo(b.stream().map(ReplayEquivalenceTest::text).toList());
            for (TestRecord<String, byte[]> r : a)
                types.merge(type(topic.apply(fast) == fast.events, r, fast), 1, Integer::sum);
            n += a.size();
        }
        return n;
    }

    private static String type(boolean event, TestRecord<String, byte[]> r, Plant p) {
        if (!event) return r.value() == null || r.value().length == 0 || r.value()[0] == '{' ? "state" : "dlq";
        return MaintenanceEvents.parse(r.value()).getType().substring("io.pdm.alert.".length());
    }

    /** Everything a consumer sees of a record. */
    private static String text(TestRecord<String, byte[]> r) {
        List<String> headers = new ArrayList<>();
        for (Header h : r.headers()) headers.add(h.key() + "=" + new String(h.value(), StandardCharsets.UTF_8));
        String value = r.value() == null ? "null" : new String(r.value(), StandardCharsets.ISO_8859_1);
        return r.key() + " @" + r.timestamp() + " " + headers + " " + value;
    }

    private static byte[] candidate(Random r, String asset, Instant at) {
        String kind = KINDS[skewed(r, KINDS.length)], mode = MODES[skewed(r, MODES.length)];
        int s = r.nextInt(10);
        String state = s < 6 ? "UPDATED" : s < 8 ? "RAISED" : "CLEARED";
        int severity = r.nextInt(8) == 0 ? 1 + r.nextInt(1000) : 550 + r.nextInt(100);
        AlertRecord record = Plant.record(asset, kind, mode, state, severity, at);
        if (r.nextInt(200) == 0) record = withSheet(record, "{\"measurements\":[{\"channel\":\"a\",\"value\":1}]}");
        if (r.nextInt(200) == 0) record = withSheet(record, "{\"reason\":\"caf\u00e9\",\"extra\":[1,{\"x\":null}]}");
        return Plant.CANDIDATES.encode(record);
    }

    private static AlertRecord withSheet(AlertRecord r, String sheet) {
        return AlertRecord.newBuilder(r).setFactSheet(sheet).build();
    }

    /** Mostly the first two: some fingerprints see many candidates (chattering, repeats within the refresh). */
    private static int skewed(Random r, int n) {
        return r.nextInt(3) > 0 ? r.nextInt(2) : r.nextInt(n);
    }

    private static String command(Random r, Instant now) {
        String asset = "pump-" + r.nextInt(4);
        String on =
                "\"fingerprint\":\"" + Plant.fp(asset, KINDS[skewed(r, KINDS.length)], MODES[skewed(r, MODES.length)])
                        + "\",\"asset\":\"" + asset + "\",\"by\":\"alice\"";
        return switch (r.nextInt(13)) {
            case 0, 1 -> "{\"type\":\"acknowledge\"," + on + "}";
            case 2 ->
                "{\"type\":\"shelve\"," + on + ",\"duration\":\"PT" + (1 + r.nextInt(90)) + "M\",\"reason\":\"r\"}";
            case 3 -> "{\"type\":\"unshelve\"," + on + "}";
            case 4 -> "{\"type\":\"resolve\"," + on + "}";
            case 5 -> "{\"type\":\"confirm\"," + on + "}";
            case 6, 7 -> silence(r, now);
            case 8 -> "{\"type\":\"silence-remove\",\"silenceId\":\"s" + r.nextInt(5) + "\",\"by\":\"carol\"}";
            case 9 ->
                "{\"type\":\"out-of-service\",\"asset\":\"" + asset + "\",\"by\":\"dave\",\"reason\":\"offline\"}";
            case 10 -> "{\"type\":\"in-service\",\"asset\":\"" + asset + "\",\"by\":\"dave\"}";
            case 11 ->
                "{\"type\":\"maintenance-start\",\"asset\":\"" + asset + "\",\"by\":\"sap\",\"workOrder\":\"1\"}";
            default -> "{\"type\":\"maintenance-end\",\"asset\":\"" + asset + "\",\"by\":\"sap\"}";
        };
    }

    /** A silence starting up to an hour before or after now, of up to two hours, selecting by asset, kind or severity. */
    private static String silence(Random r, Instant now) {
        Instant start = now.plusSeconds(r.nextInt(7_200) - 3_600), end = start.plusSeconds(60 + r.nextInt(7_200));
        String matchers = switch (r.nextInt(4)) {
            case 0 -> "{\"asset\":\"pump-" + r.nextInt(4) + "\"}";
            case 1 -> "{\"kind\":\"" + KINDS[r.nextInt(KINDS.length)] + "\"}";
            case 2 -> "{\"minSeverity\":" + (500 + r.nextInt(200)) + "}";
            default -> "{\"asset\":\"pump-" + r.nextInt(4) + "\",\"maxSeverity\":" + (550 + r.nextInt(100)) + "}";
        };
        return "{\"type\":\"silence-add\",\"silenceId\":\"s" + r.nextInt(5) + "\",\"matchers\":" + matchers
                + ",\"start\":\"" + start + "\",\"end\":\"" + end + "\",\"by\":\"carol\"}";
    }
}

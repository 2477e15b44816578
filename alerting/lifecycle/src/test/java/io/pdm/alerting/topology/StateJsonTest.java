package io.pdm.alerting.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.pdm.schemas.alerting.AlertFacts;
import io.pdm.schemas.alerting.AlertJson;
import io.pdm.schemas.alerting.AlertState;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The topology's JSON writers give the contract mapper's bytes exactly. */
class StateJsonTest {
    @Test
    void instantsAreWrittenAsIsoInstantWritesThem() {
        List<Instant> edges = List.of(
                Instant.EPOCH,
                Instant.ofEpochSecond(-1),
                Instant.ofEpochSecond(253_402_300_799L, 999_999_999),
                Instant.ofEpochSecond(253_402_300_800L),
                Instant.MIN,
                Instant.MAX,
                Instant.parse("2028-02-29T23:59:59.000001Z"),
                Instant.parse("2026-12-05T08:00:00.100Z"),
                Instant.parse("2026-12-05T08:00:00.000000010Z"));
        for (Instant t : edges) assertThat(StateJson.iso(t)).isEqualTo(DateTimeFormatter.ISO_INSTANT.format(t));
        Random r = new Random(7);
        for (int i = 0; i < 200_000; i++) {
            int nano = switch (i % 4) {
                case 0 -> 0;
                case 1 -> r.nextInt(1_000) * 1_000_000;
                case 2 -> r.nextInt(1_000_000) * 1_000;
                default -> r.nextInt(1_000_000_000);
            };
            Instant t = Instant.ofEpochSecond((long) (r.nextDouble() * 253_402_300_800L), nano);
            assertThat(StateJson.iso(t)).isEqualTo(DateTimeFormatter.ISO_INSTANT.format(t));
        }
    }

    @Test
    void aStateIsWrittenAsTheContractMapperWritesIt() {
        Random r = new Random(11);
        for (int i = 0; i < 2_000; i++) {
            AlertState s = state(r, i);
            assertThat(new String(StateJson.state(s))).isEqualTo(new String(AlertJson.toBytes(s)));
        }
    }

    private static Instant at(Random r) {
        return r.nextInt(5) == 0 ? null : Instant.ofEpochMilli(1_764_000_000_000L + r.nextInt(1_000_000_000));
    }

    private static AlertState state(Random r, int i) {
        List<AlertFacts.Measurement> ms = new ArrayList<>();
        for (int k = r.nextInt(3); k > 0; k--) {
            ms.add(new AlertFacts.Measurement(
                    "c" + k,
                    r.nextGaussian(),
                    "mm/s",
                    Instant.ofEpochSecond(r.nextInt(), r.nextInt(1_000_000_000)),
                    r.nextBoolean() ? 7.1 : null,
                    r.nextBoolean() ? "C" : null,
                    null));
        }
        AlertFacts facts = r.nextInt(4) == 0
                ? null
                : new AlertFacts(
                        "id-" + i,
                        at(r),
                        "title \u00e9",
                        "text \"quoted\"\n",
                        r.nextBoolean() ? null : new AlertFacts.RemainingLife(96.5, 60, 130, 0.9, "HOUR"),
                        "DEGRADING",
                        new AlertFacts.Evidence("reason", ms),
                        List.of("WO-1"),
                        r.nextBoolean() ? null : "ab".repeat(32),
                        r.nextBoolean() ? null : 4L,
                        "template",
                        r.nextBoolean());
        List<AlertState.Note> history = new ArrayList<>();
        for (int k = r.nextInt(4); k > 0; k--) {
            history.add(new AlertState.Note("raised", "system:pdm-alerting", at(r), r.nextBoolean() ? null : "why"));
        }
        List<Instant> activations = new ArrayList<>();
        for (int k = r.nextInt(4); k > 0; k--) activations.add(Instant.ofEpochSecond(r.nextInt(), r.nextInt(3) * 1000));
        return new AlertState(
                "fp-" + i,
                1 + r.nextInt(3),
                "plant-a",
                "pump-1",
                "pump-set",
                "REMAINING_LIFE_LOW",
                r.nextBoolean() ? null : "bearing-wear",
                r.nextBoolean(),
                r.nextBoolean(),
                r.nextBoolean(),
                r.nextBoolean(),
                1 + r.nextInt(1000),
                r.nextBoolean() ? null : new AlertState.Shelving("alice", "noise", at(r), Instant.now()),
                r.nextBoolean() ? List.of() : List.of("maintenance", "out-of-service"),
                r.nextBoolean(),
                r.nextBoolean(),
                at(r),
                at(r),
                at(r),
                at(r),
                at(r),
                Instant.ofEpochSecond(r.nextInt()),
                at(r),
                r.nextInt(3),
                r.nextBoolean() ? null : "bob",
                r.nextInt(9),
                activations,
                facts,
                history,
                List.of("cmd-" + i));
    }
}

package io.pdm.alerting.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.pdm.schemas.alerting.AlertFacts;
import io.pdm.schemas.alerting.AlertJson;
import io.pdm.schemas.alerting.AlertState;
import io.pdm.schemas.alerting.MaintenanceEventData;
import io.pdm.schemas.alerting.SeverityBand;
import io.pdm.schemas.alerting.WorkRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The hand-written writer ({@link ContractWriter} through {@link StateJson}) gives exactly the bytes of the contract
 * mapper's databind path ({@link AlertJson#toBytes}, the writer before it), compared on the fly rather than against
 * stored strings: random states and events with every field null or set, texts with escapes, control characters,
 * non-ASCII and astral characters (and a lone surrogate, which both must refuse alike), every band and state name,
 * odd doubles (NaN, infinities, -0.0, extremes), instants before 1970 and after 9999.
 */
class ContractWriterTest {
    private static final String[] TEXTS = {
        "",
        "plain",
        "a \"quoted\" \\ back/slash",
        "line\nbreak\r\ttab\b\f",
        "\u0000\u0001\u001f\u007f",
        "Größe ≥ 7 µm/s — ✓",
        "\u2028\u2029",
        "泵 7 号",
        "astral \uD83D\uDE00 \uD834\uDD1E",
        "</script>&'<>",
        "x".repeat(3_000)
    };
    private static final double[] DOUBLES = {
        0.0,
        -0.0,
        1.0,
        6.2,
        68.0,
        1e-7,
        1e21,
        123456789.123,
        Double.MIN_VALUE,
        Double.MAX_VALUE,
        Double.NaN,
        Double.POSITIVE_INFINITY,
        Double.NEGATIVE_INFINITY
    };
    private static final int[] SEVERITIES = {1, 199, 200, 399, 400, 599, 600, 799, 800, 1000};

    @Test
    void statesAreWrittenAsTheContractMapperWritesThem() {
        Random r = new Random(2026);
        for (int i = 0; i < 5_000; i++) {
            AlertState s = state(r, i);
            same(() -> StateJson.state(s), () -> AlertJson.toBytes(s), "state " + i);
        }
    }

    @Test
    void everyBandAndStateNameIsWrittenAsTheContractMapperWritesIt() {
        Random r = new Random(5);
        for (int severity : SEVERITIES) {
            for (int flags = 0; flags < 8; flags++) {
                AlertState s = state(r, severity, (flags & 1) != 0, (flags & 2) != 0, (flags & 4) != 0);
                same(() -> StateJson.state(s), () -> AlertJson.toBytes(s), s.band() + " " + s.stateName());
            }
        }
        assertThat(SeverityBand.values()).hasSize(5); // a new band needs a severity above
    }

    @Test
    void eventDataIsWrittenAsTheContractMapperWritesIt() {
        Random r = new Random(99);
        for (int i = 0; i < 3_000; i++) {
            AlertState s = state(r, i);
            MaintenanceEventData d = new MaintenanceEventData(
                    r.nextInt(8) == 0
                            ? null
                            : new MaintenanceEventData.Transition(
                                    text(r), r.nextInt(), text(r), instant(r), text(r), text(r)),
                    r.nextInt(8) == 0 ? null : MaintenanceEventData.Alert.of(s),
                    r.nextInt(8) == 0 ? null : workRequest(r));
            same(() -> StateJson.data(d), () -> AlertJson.toBytes(d), "event " + i);
        }
    }

    @Test
    void aLoneSurrogateIsRefusedByBothWriters() {
        AlertState s = state(new Random(1), 1, true, false, false);
        AlertState bad = new AlertState(
                s.fingerprint(),
                s.sequence(),
                s.plant(),
                "pump \uD83D",
                s.assetType(),
                s.kind(),
                s.failureMode(),
                s.active(),
                s.acknowledged(),
                s.confirmed(),
                s.resolved(),
                s.severity(),
                s.shelving(),
                s.suppressedBy(),
                s.chattering(),
                s.fleeting(),
                s.announcedAt(),
                s.raisedAt(),
                s.lastActiveAt(),
                s.clearedAt(),
                s.closedAt(),
                s.receivedAt(),
                s.lastNotifiedAt(),
                s.escalations(),
                s.escalatedTo(),
                s.transitions(),
                s.activations(),
                s.facts(),
                s.history(),
                s.recentCommands());
        same(() -> StateJson.state(bad), () -> AlertJson.toBytes(bad), "lone surrogate");
    }

    /** Both give the same bytes, or both refuse. */
    private static void same(Supplier<byte[]> hand, Supplier<byte[]> databind, String what) {
        byte[] expected = null, actual = null;
        RuntimeException expectedError = null, actualError = null;
        try {
            expected = databind.get();
        } catch (RuntimeException e) {
            expectedError = e;
        }
        try {
            actual = hand.get();
        } catch (RuntimeException e) {
            actualError = e;
        }
        if (expectedError != null) {
            assertThat(actualError)
                    .as(what + ": databind refused, so must the writer")
                    .isNotNull();
            return;
        }
        assertThat(actualError).as(what).isNull();
        assertThat(new String(actual, StandardCharsets.UTF_8))
                .as(what)
                .isEqualTo(new String(expected, StandardCharsets.UTF_8));
        assertThat(actual).as(what).isEqualTo(expected);
    }

    private static String text(Random r) {
        return r.nextInt(4) == 0 ? null : TEXTS[r.nextInt(TEXTS.length)];
    }

    private static String nonNull(Random r) {
        return TEXTS[r.nextInt(TEXTS.length)];
    }

    private static double number(Random r) {
        return r.nextBoolean() ? DOUBLES[r.nextInt(DOUBLES.length)] : r.nextGaussian() * 100;
    }

    private static Instant instant(Random r) {
        return switch (r.nextInt(8)) {
            case 0, 1 -> null;
            case 2 -> Instant.ofEpochSecond(-r.nextInt(1_000_000_000), r.nextInt(1_000_000_000)); // before 1970
            case 3 -> Instant.ofEpochSecond(253_402_300_800L + r.nextInt(1_000_000)); // after 9999
            case 4 -> Instant.ofEpochSecond(r.nextInt(Integer.MAX_VALUE), r.nextInt(1_000) * 1_000_000);
            case 5 -> Instant.ofEpochSecond(r.nextInt(Integer.MAX_VALUE), r.nextInt(1_000_000) * 1_000);
            default -> Instant.ofEpochSecond(r.nextInt(Integer.MAX_VALUE), r.nextInt(1_000_000_000));
        };
    }

    private static Instant nonNullInstant(Random r) {
        Instant t = instant(r);
        return t == null ? Instant.EPOCH : t;
    }

    private static <T> List<T> some(Random r, Supplier<T> one) {
        List<T> out = new ArrayList<>();
        for (int k = r.nextInt(4); k > 0; k--) out.add(one.get());
        return out;
    }

    private static AlertFacts facts(Random r, int i) {
        if (r.nextInt(5) == 0) return null;
        List<AlertFacts.Measurement> ms = some(
                r,
                () -> new AlertFacts.Measurement(
                        text(r), number(r), text(r), instant(r), r.nextBoolean() ? null : number(r), text(r), text(r)));
        return new AlertFacts(
                r.nextInt(6) == 0 ? null : "id-" + i,
                instant(r),
                text(r),
                text(r),
                r.nextBoolean()
                        ? null
                        : new AlertFacts.RemainingLife(number(r), number(r), number(r), number(r), text(r)),
                text(r),
                r.nextInt(5) == 0 ? null : new AlertFacts.Evidence(text(r), ms),
                r.nextInt(5) == 0 ? null : some(r, () -> nonNull(r)),
                text(r),
                switch (r.nextInt(4)) {
                    case 0 -> null;
                    case 1 -> Long.MIN_VALUE;
                    case 2 -> Long.MAX_VALUE;
                    default -> (long) r.nextInt();
                },
                text(r),
                r.nextBoolean());
    }

    private static AlertState state(Random r, int i) {
        return state(r, 1 + r.nextInt(1000), r.nextBoolean(), r.nextBoolean(), r.nextBoolean(), i);
    }

    private static AlertState state(Random r, int severity, boolean active, boolean acknowledged, boolean resolved) {
        return state(r, severity, active, acknowledged, resolved, severity);
    }

    private static AlertState state(
            Random r, int severity, boolean active, boolean acknowledged, boolean resolved, int i) {
        List<String> suppressedBy = switch (r.nextInt(4)) {
            case 0 -> List.of();
            case 1 -> List.of("out-of-service");
            case 2 -> List.of("maintenance", "silence:s-1", "inhibited-by:fp-0");
            default -> r.nextBoolean() ? null : some(r, () -> nonNull(r));
        };
        return new AlertState(
                r.nextInt(10) == 0 ? null : "fp-" + i + text(r),
                r.nextInt(),
                text(r),
                text(r),
                text(r),
                text(r),
                text(r),
                active,
                acknowledged,
                r.nextBoolean(),
                resolved,
                severity,
                r.nextBoolean() ? null : new AlertState.Shelving(text(r), text(r), instant(r), instant(r)),
                suppressedBy,
                r.nextBoolean(),
                r.nextBoolean(),
                instant(r),
                instant(r),
                instant(r),
                instant(r),
                instant(r),
                instant(r),
                instant(r),
                r.nextInt(),
                text(r),
                r.nextInt(),
                r.nextInt(5) == 0 ? null : some(r, () -> nonNullInstant(r)),
                facts(r, i),
                r.nextInt(5) == 0 ? null : some(r, () -> new AlertState.Note(text(r), text(r), instant(r), text(r))),
                r.nextInt(5) == 0 ? null : some(r, () -> nonNull(r)));
    }

    private static WorkRequest workRequest(Random r) {
        return new WorkRequest(
                r.nextInt(5) == 0
                        ? null
                        : new WorkRequest.Maximo(text(r), text(r), text(r), text(r), text(r), r.nextInt(), text(r)),
                r.nextInt(5) == 0
                        ? null
                        : new WorkRequest.SapPm(
                                r.nextBoolean() ? null : "M2",
                                r.nextBoolean() ? null : "short \"text\" ✓",
                                text(r),
                                text(r),
                                text(r),
                                text(r),
                                text(r),
                                text(r),
                                text(r),
                                text(r),
                                text(r),
                                text(r),
                                text(r)));
    }
}

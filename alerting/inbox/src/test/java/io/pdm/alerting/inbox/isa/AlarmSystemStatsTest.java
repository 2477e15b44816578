package io.pdm.alerting.inbox.isa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

import io.pdm.alerting.inbox.board.Alerts;
import io.pdm.alerting.inbox.feed.AlarmEvent;
import io.pdm.schemas.alerting.AlertState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AlarmSystemStatsTest {
    static final Instant FROM = Instant.parse("2026-12-05T00:00:00Z");
    static final Instant TO = FROM.plus(Duration.ofHours(1)); // six 10-minute periods

    static AlarmEvent raised(String fp, Instant t) {
        return new AlarmEvent("plant-a", "raised", fp, "asset-" + fp, t);
    }

    @Test
    void ratesFloodsAndBadActors() {
        List<AlarmEvent> events = new ArrayList<>();
        // period 0: a flood of 12 activations, 10 of them one chattering alert
        for (int i = 0; i < 10; i++) events.add(raised("noisy", FROM.plusSeconds(10 + i * 30)));
        events.add(raised("a", FROM.plusSeconds(400)));
        events.add(raised("b", FROM.plusSeconds(401)));
        // period 3: exactly 10 is not a flood
        for (int i = 0; i < 10; i++)
            events.add(raised("c" + i, FROM.plus(Duration.ofMinutes(31)).plusSeconds(i)));
        events.add(new AlarmEvent("plant-a", "chattering", "noisy", "asset-noisy", FROM.plusSeconds(100)));
        events.add(new AlarmEvent("plant-a", "acknowledged", "a", "asset-a", FROM.plusSeconds(500)));
        // outside the period, or another plant: not counted
        events.add(raised("late", TO));
        events.add(new AlarmEvent("plant-b", "raised", "x", "fan", FROM.plusSeconds(5)));

        AlarmSystemReport r = AlarmSystemStats.compute("plant-a", events, List.of(), FROM, TO);
        assertThat(r.periods()).isEqualTo(6);
        assertThat(r.activations()).isEqualTo(22);
        assertThat(r.alertsPer10Minutes()).isCloseTo(22 / 6.0, within(1e-9));
        assertThat(r.peakPer10Minutes()).isEqualTo(12);
        assertThat(r.floodShare()).isCloseTo(1 / 6.0, within(1e-9));
        assertThat(r.chattering())
                .extracting(AlarmSystemReport.Named::fingerprint)
                .containsExactly("noisy");
        assertThat(r.badActors()).hasSize(10);
        assertThat(r.badActors().get(0))
                .isEqualTo(new AlarmSystemReport.BadActor("noisy", "asset-noisy", null, null, "alert", 10, 10 / 22.0));
        // the top ten: noisy (10) and nine of the rest (1 each)
        assertThat(r.badActorShare()).isCloseTo(19 / 22.0, within(1e-9));
    }

    @Test
    void staleAlertsAreOpenAndActiveOrUnacknowledgedForMoreThanADay() {
        Instant now = TO;
        List<AlertState> current = List.of(
                Alerts.open("plant-a", "old-active", "p1", 500, now.minus(Duration.ofHours(30))),
                Alerts.open("plant-a", "young", "p2", 500, now.minus(Duration.ofHours(2))),
                Alerts.state(
                        "plant-a",
                        "old-cleared-unacked",
                        "p3",
                        500,
                        false,
                        false,
                        false,
                        now.minus(Duration.ofHours(48)),
                        null,
                        null,
                        List.of()),
                Alerts.state(
                        "plant-a",
                        "old-cleared-acked",
                        "p4",
                        500,
                        false,
                        true,
                        false,
                        now.minus(Duration.ofHours(48)),
                        now.minus(Duration.ofHours(40)),
                        null,
                        List.of()),
                Alerts.open("plant-b", "other-plant", "p5", 500, now.minus(Duration.ofHours(30))));
        AlarmSystemReport r = AlarmSystemStats.compute("plant-a", List.of(), current, FROM, now);
        assertThat(r.stale())
                .extracting(AlarmSystemReport.Stale::fingerprint)
                .containsExactly("old-cleared-unacked", "old-active");
        assertThat(r.activations()).isZero();
        assertThat(r.badActorShare()).isZero();
        assertThat(r.floodShare()).isZero();
    }

    @Test
    void badActorsStaleAndChatteringAlertsAreNamedInWordsWithTheirFingerprint() {
        List<AlarmEvent> events = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            events.add(new AlarmEvent(
                    "plant-a",
                    "raised",
                    "3f2a9c0d11e4b7a8",
                    "pump-7",
                    "REMAINING_LIFE_LOW",
                    "bearing-wear",
                    FROM.plusSeconds(60L * i)));
        }
        events.add(new AlarmEvent(
                "plant-a",
                "raised",
                "77aa00bb11cc22dd",
                "fan-2",
                "CONDITION_LIMIT",
                "channel:vibration.rms",
                FROM.plusSeconds(30)));
        events.add(new AlarmEvent(
                "plant-a",
                "chattering",
                "77aa00bb11cc22dd",
                "fan-2",
                "CONDITION_LIMIT",
                "channel:vibration.rms",
                FROM));
        // an alert no event of the period names: its current state does
        List<AlertState> current =
                List.of(Alerts.open("plant-a", "0123456789abcdef", "mixer-1", 500, TO.minus(Duration.ofHours(30))));

        AlarmSystemReport r = AlarmSystemStats.compute("plant-a", events, current, FROM, TO);
        assertThat(r.badActors())
                .extracting(
                        AlarmSystemReport.BadActor::asset,
                        AlarmSystemReport.BadActor::title,
                        AlarmSystemReport.BadActor::fingerprint)
                .containsExactly(
                        tuple("pump-7", "remaining life low · bearing wear", "3f2a9c0d11e4b7a8"),
                        tuple("fan-2", "condition limit · vibration.rms", "77aa00bb11cc22dd"));
        assertThat(r.chattering())
                .extracting(AlarmSystemReport.Named::title)
                .containsExactly("condition limit · vibration.rms");
        assertThat(r.stale()).singleElement().satisfies(s -> {
            assertThat(s.asset()).isEqualTo("mixer-1");
            assertThat(s.title())
                    .isEqualTo(AlertWords.title(s.kind(), s.failureMode()))
                    .doesNotContain("0123456789");
        });
        assertThat(AlertWords.title("HEALTH_STAGE", "unspecified")).isEqualTo("health stage · whole asset");
    }

    @Test
    void anEmptyPeriodIsRefused() {
        assertThatThrownBy(() -> AlarmSystemStats.compute("plant-a", List.of(), List.of(), TO, TO))
                .hasMessageContaining("end after");
    }
}

package io.pdm.alerting.inbox.board;

import static io.pdm.alerting.inbox.board.Alerts.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pdm.schemas.alerting.AlertState;
import io.pdm.schemas.alerting.SeverityBand;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AlertBoardTest {
    static final Instant NOW = T0.plus(Duration.ofDays(30));
    final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

    AlertBoard board(Retention r) {
        return new AlertBoard(r, clock);
    }

    static List<String> fps(BoardPage p) {
        return p.alerts().stream().map(AlertState::fingerprint).toList();
    }

    @Test
    void newestFirstWithPagingAndATombstoneRemoves() {
        AlertBoard b = board(Retention.DEFAULT);
        for (int i = 0; i < 5; i++) {
            b.apply("plant-a", "fp" + i, Alerts.open("plant-a", "fp" + i, "pump-" + i, 700, NOW.minusSeconds(100 - i)));
        }
        BoardPage first = b.query(new BoardQuery(null, null, null, null, StateFilter.ALL, 0, 2), p -> true);
        assertThat(fps(first)).containsExactly("fp4", "fp3");
        assertThat(first.total()).isEqualTo(5);
        BoardPage last = b.query(new BoardQuery(null, null, null, null, StateFilter.ALL, 2, 2), p -> true);
        assertThat(fps(last)).containsExactly("fp0");
        BoardPage beyond = b.query(new BoardQuery(null, null, null, null, StateFilter.ALL, 9, 2), p -> true);
        assertThat(beyond.alerts()).isEmpty();

        b.apply("plant-a", "fp4", null);
        assertThat(b.get("plant-a", "fp4")).isEmpty();
        assertThat(b.size()).isEqualTo(4);
    }

    @Test
    void aRepeatReplacesTheAlertAndListenersHearEveryChange() {
        AlertBoard b = board(Retention.DEFAULT);
        List<BoardChange> heard = new ArrayList<>();
        b.addListener(heard::add);
        b.apply("plant-a", "fp", Alerts.open("plant-a", "fp", "pump-1", 300, NOW));
        b.apply("plant-a", "fp", Alerts.open("plant-a", "fp", "pump-1", 900, NOW));
        b.apply("plant-a", "fp", null);
        b.apply("plant-a", "fp", null); // a second tombstone changes nothing
        assertThat(heard)
                .extracting(c -> c.alert() == null ? null : c.alert().severity())
                .containsExactly(300, 900, null);
    }

    @Test
    void filtersByPlantAssetSeverityBandStateAndVisibility() {
        AlertBoard b = board(Retention.DEFAULT);
        b.apply("plant-a", "a1", Alerts.open("plant-a", "a1", "pump-1", 850, NOW.minusSeconds(10)));
        b.apply("plant-a", "a2", Alerts.open("plant-a", "a2", "pump-2", 250, NOW.minusSeconds(20)));
        b.apply(
                "plant-a",
                "a3",
                Alerts.state(
                        "plant-a",
                        "a3",
                        "pump-3",
                        650,
                        true,
                        true,
                        false,
                        NOW.minusSeconds(30),
                        null,
                        null,
                        List.of()));
        b.apply(
                "plant-a",
                "a4",
                Alerts.state(
                        "plant-a",
                        "a4",
                        "pump-4",
                        650,
                        true,
                        false,
                        false,
                        NOW.minusSeconds(40),
                        null,
                        new AlertState.Shelving("ann", "pump swap", NOW, NOW.plusSeconds(3600)),
                        List.of()));
        b.apply(
                "plant-a",
                "a5",
                Alerts.state(
                        "plant-a",
                        "a5",
                        "pump-5",
                        650,
                        true,
                        false,
                        false,
                        NOW.minusSeconds(50),
                        null,
                        null,
                        List.of("maintenance")));
        b.apply("plant-a", "a6", Alerts.closed("plant-a", "a6", "pump-6", NOW.minusSeconds(60), NOW.minusSeconds(5)));
        b.apply("plant-b", "b1", Alerts.open("plant-b", "b1", "fan-1", 900, NOW.minusSeconds(1)));

        assertThat(fps(b.query(q("plant-b", null, null, null, null), p -> true)))
                .containsExactly("b1");
        assertThat(fps(b.query(q(null, "pump-2", null, null, null), p -> true))).containsExactly("a2");
        assertThat(fps(b.query(q(null, null, 800, null, null), p -> true))).containsExactly("b1", "a1");
        assertThat(fps(b.query(q(null, null, null, SeverityBand.HIGH, null), p -> true)))
                .containsExactly("b1", "a1", "a3", "a4", "a5");
        assertThat(fps(b.query(q("plant-a", null, null, null, StateFilter.UNACKNOWLEDGED), p -> true)))
                .containsExactly("a1", "a2", "a4", "a5");
        assertThat(fps(b.query(q("plant-a", null, null, null, StateFilter.ACKNOWLEDGED), p -> true)))
                .containsExactly("a3");
        assertThat(fps(b.query(q(null, null, null, null, StateFilter.SHELVED), p -> true)))
                .containsExactly("a4");
        assertThat(fps(b.query(q(null, null, null, null, StateFilter.SUPPRESSED), p -> true)))
                .containsExactly("a5");
        assertThat(fps(b.query(q(null, null, null, null, StateFilter.CLOSED), p -> true)))
                .containsExactly("a6");
        assertThat(fps(b.query(q(null, null, null, null, StateFilter.ACTIVE), p -> true)))
                .containsExactly("b1", "a1", "a2", "a3", "a4", "a5");
        // an engineer of plant-b sees nothing of plant-a, whatever the filter asks
        assertThat(fps(b.query(q("plant-a", null, null, null, null), "plant-b"::equals)))
                .isEmpty();
        assertThat(fps(b.query(q(null, null, null, null, null), "plant-b"::equals)))
                .containsExactly("b1");
    }

    @Test
    void closedAlertsPastTheRetentionLeaveTheViewOpenOnesNever() {
        AlertBoard b = board(new Retention(Duration.ofDays(7), 100));
        List<BoardChange> heard = new ArrayList<>();
        b.addListener(heard::add);
        b.apply(
                "plant-a",
                "old-open",
                Alerts.open("plant-a", "old-open", "pump-1", 500, NOW.minus(Duration.ofDays(29))));
        b.apply(
                "plant-a",
                "recent",
                Alerts.closed(
                        "plant-a", "recent", "pump-2", NOW.minus(Duration.ofDays(9)), NOW.minus(Duration.ofDays(6))));
        b.apply(
                "plant-a",
                "old",
                Alerts.closed(
                        "plant-a", "old", "pump-3", NOW.minus(Duration.ofDays(20)), NOW.minus(Duration.ofDays(8))));
        assertThat(fps(b.query(BoardQuery.all(), p -> true))).containsExactly("recent", "old-open");
        // read from the beginning of the topic, an alert already past retention is never announced
        assertThat(heard).extracting(BoardChange::fingerprint).containsExactly("old-open", "recent");
    }

    @Test
    void theMaximumDropsTheOldestClosedAlertsFirst() {
        AlertBoard b = board(new Retention(Duration.ofDays(7), 3));
        b.apply("plant-a", "open1", Alerts.open("plant-a", "open1", "p1", 500, NOW.minusSeconds(500)));
        b.apply("plant-a", "open2", Alerts.open("plant-a", "open2", "p2", 500, NOW.minusSeconds(400)));
        b.apply(
                "plant-a",
                "c-old",
                Alerts.closed("plant-a", "c-old", "p3", NOW.minusSeconds(300), NOW.minusSeconds(200)));
        b.apply(
                "plant-a",
                "c-new",
                Alerts.closed("plant-a", "c-new", "p4", NOW.minusSeconds(300), NOW.minusSeconds(100)));
        assertThat(fps(b.query(BoardQuery.all(), p -> true))).containsExactlyInAnyOrder("open1", "open2", "c-new");
        b.apply("plant-a", "open3", Alerts.open("plant-a", "open3", "p5", 500, NOW));
        b.apply("plant-a", "open4", Alerts.open("plant-a", "open4", "p6", 500, NOW));
        // more open alerts than the maximum: all stay, every closed one is gone
        assertThat(fps(b.query(BoardQuery.all(), p -> true)))
                .containsExactlyInAnyOrder("open1", "open2", "open3", "open4");
    }

    @Test
    void badQueriesAreRefusedWithTheReason() {
        assertThatThrownBy(() -> new BoardQuery(null, null, 0, null, null, 0, 10))
                .hasMessageContaining("1-1000");
        assertThatThrownBy(() -> new BoardQuery(null, null, null, null, null, -1, 10))
                .hasMessageContaining("page");
        assertThatThrownBy(() -> new BoardQuery(null, null, null, null, null, 0, 501))
                .hasMessageContaining("size");
        assertThatThrownBy(() -> StateFilter.parse("snoozed")).hasMessageContaining("snoozed");
        assertThat(StateFilter.parse("Acknowledged")).isEqualTo(StateFilter.ACKNOWLEDGED);
        assertThat(StateFilter.parse("")).isEqualTo(StateFilter.ALL);
    }

    static BoardQuery q(String plant, String asset, Integer sev, SeverityBand band, StateFilter state) {
        return new BoardQuery(plant, asset, sev, band, state, 0, 50);
    }
}

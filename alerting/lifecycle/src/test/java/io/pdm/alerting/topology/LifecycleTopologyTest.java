package io.pdm.alerting.topology;

import static io.pdm.alerting.topology.Plant.fp;
import static io.pdm.alerting.topology.Plant.types;
import static org.assertj.core.api.Assertions.assertThat;

import io.cloudevents.CloudEvent;
import io.pdm.schemas.alerting.AlertState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** OPC UA A&C states under TopologyTestDriver: one alert per fingerprint, ack / confirm / resolve, closing, reopening. */
class LifecycleTopologyTest {
    static final String RUL = "REMAINING_LIFE_LOW";
    static final Instant T = Plant.START;

    @Test
    void repeatsUpdateTheOpenAlertAndRacingRaisesMakeNoDuplicate() {
        try (Plant plant = Plant.immediate()) {
            String fp = fp("pump-1", RUL, "bearing-wear");
            plant.candidate("pump-1", RUL, "bearing-wear", "RAISED", 640, T);
            plant.candidate("pump-1", RUL, "bearing-wear", "RAISED", 650, T); // a second replica raced the first
            for (int i = 1; i <= 5; i++) {
                plant.candidate("pump-1", RUL, "bearing-wear", "UPDATED", 660 + i, T.plusSeconds(60L * i));
            }
            List<CloudEvent> events = plant.events();
            assertThat(types(events)).containsExactly("raised");
            AlertState s = plant.state(fp);
            assertThat(s.sequence()).isEqualTo(1);
            assertThat(s.severity()).isEqualTo(665);
            assertThat(s.stateName()).isEqualTo("ACTIVE_UNACKNOWLEDGED");
            assertThat(s.lastActiveAt()).isEqualTo(T.plusSeconds(300));

            // the band rises from HIGH to CRITICAL: people are told at once
            plant.candidate("pump-1", RUL, "bearing-wear", "UPDATED", 850, T.plusSeconds(400));
            assertThat(types(plant.events())).containsExactly("updated");
        }
    }

    @Test
    void clearedButUnacknowledgedStaysOpenAndANewAlertOpensOnlyAfterClose() {
        try (Plant plant = Plant.immediate()) {
            String fp = fp("pump-2", RUL, "seal-leak");
            plant.candidate("pump-2", RUL, "seal-leak", "RAISED", 700, T);
            plant.candidate("pump-2", RUL, "seal-leak", "CLEARED", 700, T.plusSeconds(600));
            assertThat(plant.state(fp).stateName()).isEqualTo("CLEARED_UNACKNOWLEDGED");
            assertThat(plant.state(fp).closed()).isFalse();

            // active again before anyone acknowledged: the same alert, not a new one
            plant.candidate("pump-2", RUL, "seal-leak", "RAISED", 720, T.plusSeconds(1200));
            assertThat(plant.state(fp).sequence()).isEqualTo(1);
            assertThat(plant.state(fp).active()).isTrue();

            plant.command("{\"type\":\"acknowledge\",\"fingerprint\":\"" + fp
                    + "\",\"asset\":\"pump-2\",\"by\":\"alice\",\"comment\":\"on it\"}");
            assertThat(plant.state(fp).stateName()).isEqualTo("ACTIVE_ACKNOWLEDGED");
            plant.candidate("pump-2", RUL, "seal-leak", "CLEARED", 720, T.plusSeconds(1800));
            AlertState closed = plant.state(fp);
            assertThat(closed.closed()).isTrue();
            assertThat(types(plant.events()))
                    .containsExactly("raised", "cleared", "raised", "acknowledged", "cleared", "closed");

            plant.candidate("pump-2", RUL, "seal-leak", "RAISED", 730, T.plusSeconds(2400));
            assertThat(plant.state(fp).sequence()).isEqualTo(2);
            List<CloudEvent> next = plant.events();
            assertThat(types(next)).containsExactly("raised");
            assertThat(next.get(0).getId()).isEqualTo(fp + "-2-1");
        }
    }

    @Test
    void acknowledgeConfirmShelveCommentRequestWorkAndResolveAreEventsWithWhoAndWhen() {
        try (Plant plant = Plant.immediate()) {
            String fp = fp("pump-3", RUL, "bearing-wear");
            plant.candidate("pump-3", RUL, "bearing-wear", "RAISED", 900, T);
            String on = "\"fingerprint\":\"" + fp + "\",\"asset\":\"pump-3\"";
            plant.command("{\"type\":\"acknowledge\"," + on + ",\"by\":\"alice\"}");
            plant.command("{\"type\":\"acknowledge\"," + on + ",\"by\":\"bob\"}"); // seen twice: one event
            plant.command("{\"type\":\"confirm\"," + on + ",\"by\":\"alice\"}");
            plant.command("{\"type\":\"comment\"," + on + ",\"by\":\"bob\",\"text\":\"grease was black\"}");
            plant.command("{\"type\":\"request-work\"," + on + ",\"by\":\"bob\",\"comment\":\"replace DE bearing\"}");
            plant.advance(Duration.ofMinutes(5));
            plant.command("{\"type\":\"resolve\"," + on + ",\"by\":\"system:maximo\",\"comment\":\"WO 88 closed\"}");
            List<CloudEvent> events = plant.events();
            assertThat(types(events))
                    .containsExactly("raised", "acknowledged", "confirmed", "commented", "work-requested", "resolved");
            assertThat(events)
                    .extracting(CloudEvent::getId)
                    .containsExactly(fp + "-1-1", fp + "-1-2", fp + "-1-3", fp + "-1-4", fp + "-1-5", fp + "-1-6");
            AlertState s = plant.state(fp);
            assertThat(s.stateName()).isEqualTo("RESOLVED");
            assertThat(s.closed()).isTrue();
            assertThat(s.history())
                    .extracting(AlertState.Note::action, AlertState.Note::by)
                    .contains(
                            org.assertj.core.groups.Tuple.tuple("acknowledged", "alice"),
                            org.assertj.core.groups.Tuple.tuple("acknowledged-again", "bob"),
                            org.assertj.core.groups.Tuple.tuple("work-requested", "bob"),
                            org.assertj.core.groups.Tuple.tuple("resolved", "system:maximo"));
            assertThat(s.history().get(s.history().size() - 1).at()).isEqualTo(Plant.START.plusSeconds(300));
        }
    }

    @Test
    void everyChangeIsPublishedToTheCompactedStateTopicAndAPurgedAlertLeavesATombstone() {
        try (Plant plant = Plant.immediate()) {
            String fp = fp("pump-4", RUL, "bearing-wear");
            plant.candidate("pump-4", RUL, "bearing-wear", "RAISED", 700, T);
            plant.command(
                    "{\"type\":\"resolve\",\"fingerprint\":\"" + fp + "\",\"asset\":\"pump-4\",\"by\":\"carol\"}");
            var records = plant.stateRecords();
            assertThat(records).allMatch(r -> r.key().equals(fp));
            assertThat(Plant.parse(records.get(records.size() - 1).value()).stateName())
                    .isEqualTo("RESOLVED");

            plant.advance(Duration.ofDays(7).plusSeconds(2)); // the default retention of closed alerts
            var after = plant.stateRecords();
            assertThat(after).hasSize(1);
            assertThat(after.get(0).key()).isEqualTo(fp);
            assertThat(after.get(0).value()).isNull();
            assertThat(plant.state(fp)).isNull();
        }
    }
}

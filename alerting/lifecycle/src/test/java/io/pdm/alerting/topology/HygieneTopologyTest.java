package io.pdm.alerting.topology;

import static io.pdm.alerting.topology.Plant.fp;
import static io.pdm.alerting.topology.Plant.types;
import static org.assertj.core.api.Assertions.assertThat;

import io.cloudevents.CloudEvent;
import io.pdm.alerting.lifecycle.LifecycleSettings;
import io.pdm.schemas.alerting.AlertState;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** ISA-18.2 / EEMUA 191 alarm hygiene: chattering, fleeting, re-notification, escalation. */
class HygieneTopologyTest {
    static final Instant T = Plant.START;
    static final String CHANGE = "CONDITION_CHANGE", MODE = "channel:pressure_bar.mean";

    @Test
    void threeActivateClearCyclesWithinSixtySecondsMakeItChatteringAndHoldItBack() {
        try (Plant plant = Plant.immediate()) {
            String fp = fp("pump-1", CHANGE, MODE);
            for (int cycle = 0; cycle < 3; cycle++) {
                plant.candidate("pump-1", CHANGE, MODE, "RAISED", 450, T.plusSeconds(20L * cycle));
                plant.candidate("pump-1", CHANGE, MODE, "CLEARED", 450, T.plusSeconds(20L * cycle + 5));
            }
            // a fourth and fifth cycle are held back: no more raised / cleared events
            plant.candidate("pump-1", CHANGE, MODE, "RAISED", 450, T.plusSeconds(62));
            plant.candidate("pump-1", CHANGE, MODE, "CLEARED", 450, T.plusSeconds(64));
            plant.candidate("pump-1", CHANGE, MODE, "RAISED", 450, T.plusSeconds(70));
            List<CloudEvent> events = plant.events();
            assertThat(types(events)).containsExactly("raised", "cleared", "raised", "cleared", "raised", "chattering");
            assertThat(new String(events.get(5).getData().toBytes(), StandardCharsets.UTF_8))
                    .contains("3 activate/clear cycles within 60 s");
            AlertState s = plant.state(fp);
            assertThat(s.chattering()).isTrue();
            assertThat(s.sequence()).isEqualTo(1); // never acknowledged, so it never closed

            // quiet for longer than the window: the next activation finds it calm and it is reported again
            plant.candidate("pump-1", CHANGE, MODE, "CLEARED", 450, T.plusSeconds(75));
            plant.candidate("pump-1", CHANGE, MODE, "RAISED", 450, T.plusSeconds(300));
            assertThat(plant.state(fp).chattering()).isFalse();
            assertThat(types(plant.events())).containsExactly("raised");
        }
    }

    @Test
    void aFleetingAlertIsHeldBackFlaggedAndClosedWhileOneThatLastsIsAnnouncedAfterTheHold() {
        try (Plant plant = new Plant(LifecycleSettings.DEFAULTS)) { // 5 s fleeting hold
            String fleeting = fp("pump-1", CHANGE, MODE);
            String lasting = fp("pump-2", CHANGE, MODE);
            plant.candidate("pump-1", CHANGE, MODE, "RAISED", 450, T);
            plant.candidate("pump-2", CHANGE, MODE, "RAISED", 450, T);
            plant.advance(Duration.ofSeconds(2));
            plant.candidate("pump-1", CHANGE, MODE, "CLEARED", 450, T.plusSeconds(2));
            assertThat(plant.events()).isEmpty();
            AlertState f = plant.state(fleeting);
            assertThat(f.fleeting()).isTrue();
            assertThat(f.closed()).isTrue();
            assertThat(f.announced()).isFalse();

            plant.advance(Duration.ofSeconds(4));
            List<CloudEvent> events = plant.events();
            assertThat(events).extracting(CloudEvent::getId).containsExactly(lasting + "-1-1");
            assertThat(plant.state(lasting).announcedAt()).isEqualTo(T.plusSeconds(6));
        }
    }

    @Test
    void repeatsReNotifyOnlyAfterTheIntervalAndNotOnceAcknowledged() {
        LifecycleSettings s =
                LifecycleSettings.DEFAULTS.withFleetingHold(Duration.ZERO).withRenotifyInterval(Duration.ofMinutes(30));
        try (Plant plant = new Plant(s)) {
            String fp = fp("pump-1", CHANGE, MODE);
            plant.candidate("pump-1", CHANGE, MODE, "RAISED", 450, T);
            for (int minute = 1; minute <= 29; minute++) {
                plant.advance(Duration.ofMinutes(1));
                plant.candidate("pump-1", CHANGE, MODE, "UPDATED", 450, T.plusSeconds(60L * minute));
            }
            assertThat(types(plant.events())).containsExactly("raised");
            plant.advance(Duration.ofMinutes(1));
            plant.candidate("pump-1", CHANGE, MODE, "UPDATED", 460, T.plusSeconds(1800));
            assertThat(types(plant.events())).containsExactly("updated");

            plant.command(
                    "{\"type\":\"acknowledge\",\"fingerprint\":\"" + fp + "\",\"asset\":\"pump-1\",\"by\":\"al\"}");
            plant.advance(Duration.ofHours(2));
            plant.candidate("pump-1", CHANGE, MODE, "UPDATED", 580, T.plusSeconds(9000));
            assertThat(types(plant.events())).containsExactly("acknowledged");
        }
    }

    @Test
    void anUnacknowledgedAlertEscalatesDownThePlantsListOneEventPerStep() {
        LifecycleSettings s = LifecycleSettings.DEFAULTS
                .withFleetingHold(Duration.ZERO)
                .withEscalation(Duration.ofMinutes(15), List.of("shift-lead", "maintenance-manager"));
        try (Plant plant = new Plant(s)) {
            String fp = fp("pump-1", "REMAINING_LIFE_LOW", "bearing-wear");
            String other = fp("pump-2", "REMAINING_LIFE_LOW", "bearing-wear");
            plant.candidate("pump-1", "REMAINING_LIFE_LOW", "bearing-wear", "RAISED", 700, T);
            plant.candidate("pump-2", "REMAINING_LIFE_LOW", "bearing-wear", "RAISED", 700, T);
            plant.advance(Duration.ofMinutes(10));
            plant.command("{\"type\":\"acknowledge\",\"fingerprint\":\"" + other + "\",\"asset\":\"pump-2\","
                    + "\"by\":\"alice\"}");
            plant.events();
            plant.advance(Duration.ofMinutes(5));
            List<CloudEvent> first = plant.events();
            assertThat(types(first)).containsExactly("escalated");
            assertThat(first.get(0).getSubject()).isEqualTo("pump-1");
            assertThat(new String(first.get(0).getData().toBytes(), StandardCharsets.UTF_8))
                    .contains("\"escalatedTo\":\"shift-lead\"");
            plant.advance(Duration.ofMinutes(15));
            plant.advance(Duration.ofMinutes(15));
            plant.advance(Duration.ofHours(3)); // the list is exhausted: no more escalations
            List<CloudEvent> more = plant.events();
            assertThat(types(more)).containsExactly("escalated");
            assertThat(plant.state(fp).escalations()).isEqualTo(2);
            assertThat(plant.state(fp).escalatedTo()).isEqualTo("maintenance-manager");
        }
    }
}

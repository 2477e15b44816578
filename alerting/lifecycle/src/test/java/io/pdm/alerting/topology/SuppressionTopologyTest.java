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

/** Shelving, silences, maintenance, out of service and inhibition, with wall-clock time moved by the test. */
class SuppressionTopologyTest {
    static final Instant T = Plant.START;
    static final String RUL = "REMAINING_LIFE_LOW", LIMIT = "CONDITION_LIMIT";

    @Test
    void aShelvedAlertUnshelvesItselfWhenItsTimeIsOver() {
        try (Plant plant = Plant.immediate()) {
            String fp = fp("pump-1", RUL, "bearing-wear");
            plant.candidate("pump-1", RUL, "bearing-wear", "RAISED", 700, T);
            plant.command("{\"type\":\"shelve\",\"fingerprint\":\"" + fp + "\",\"asset\":\"pump-1\",\"by\":\"alice\","
                    + "\"duration\":\"PT2H\",\"reason\":\"sensor being replaced\"}");
            AlertState shelved = plant.state(fp);
            assertThat(shelved.shelving().by()).isEqualTo("alice");
            assertThat(shelved.shelving().until()).isEqualTo(T.plus(Duration.ofHours(2)));
            // repeats while shelved tell nobody
            plant.candidate("pump-1", RUL, "bearing-wear", "UPDATED", 900, T.plusSeconds(60));

            plant.advance(Duration.ofMinutes(119));
            assertThat(plant.state(fp).shelved()).isTrue();
            plant.advance(Duration.ofMinutes(1).plusSeconds(1));
            assertThat(plant.state(fp).shelved()).isFalse();
            List<CloudEvent> events = plant.events();
            assertThat(types(events)).containsExactly("raised", "shelved", "unshelved");
            assertThat(new String(events.get(2).getData().toBytes())).contains("\"by\":\"system:pdm-alerting\"");
        }
    }

    @Test
    void anAlertShelvedWithinItsHoldIsAnnouncedWhenTheShelvingEnds() {
        try (Plant plant = new Plant(io.pdm.alerting.lifecycle.LifecycleSettings.DEFAULTS)) { // 5 s hold
            String fp = fp("pump-1", RUL, "bearing-wear");
            plant.candidate("pump-1", RUL, "bearing-wear", "RAISED", 700, T);
            plant.command("{\"type\":\"shelve\",\"fingerprint\":\"" + fp + "\",\"asset\":\"pump-1\",\"by\":\"alice\","
                    + "\"duration\":\"PT1M\",\"reason\":\"known, crew on site\"}");
            plant.advance(Duration.ofSeconds(10)); // the hold is over, but it is shelved: nobody is told
            assertThat(plant.state(fp).announced()).isFalse();
            plant.advance(Duration.ofSeconds(51)); // the shelving's own timer still fires
            assertThat(types(plant.events())).containsExactly("shelved", "unshelved", "raised");
            assertThat(plant.state(fp).announcedAt()).isEqualTo(T.plusSeconds(61));
        }
    }

    @Test
    void aSilenceHoldsBackWhatItMatchesFromStartToEnd() {
        try (Plant plant = Plant.immediate()) {
            String inside = fp("pump-1", "CONDITION_CHANGE", "channel:vibration.rms");
            String tooSevere = fp("pump-2", "CONDITION_CHANGE", "channel:vibration.rms");
            String otherKind = fp("pump-3", RUL, "bearing-wear");
            plant.command(
                    "{\"type\":\"silence-add\",\"silenceId\":\"commissioning\",\"matchers\":{\"plant\":\"plant-a\","
                            + "\"kind\":\"CONDITION_CHANGE\",\"maxSeverity\":599},\"start\":\"" + T.plusSeconds(60)
                            + "\","
                            + "\"end\":\"" + T.plusSeconds(3600) + "\",\"by\":\"carol\",\"comment\":\"new pumps\"}");
            plant.advance(Duration.ofSeconds(61));
            plant.candidate("pump-1", "CONDITION_CHANGE", "channel:vibration.rms", "RAISED", 420, T.plusSeconds(61));
            plant.candidate("pump-2", "CONDITION_CHANGE", "channel:vibration.rms", "RAISED", 800, T.plusSeconds(61));
            plant.candidate("pump-3", RUL, "bearing-wear", "RAISED", 420, T.plusSeconds(61));
            assertThat(plant.state(inside).suppressedBy()).containsExactly("silence:commissioning");
            assertThat(plant.state(inside).announced()).isFalse();
            assertThat(plant.state(tooSevere).suppressed()).isFalse();
            assertThat(plant.state(otherKind).suppressed()).isFalse();
            assertThat(plant.events()).extracting(CloudEvent::getSubject).containsExactly("pump-2", "pump-3");

            plant.advance(Duration.ofHours(1)); // the silence ends: the held-back alert is announced now
            assertThat(plant.state(inside).suppressed()).isFalse();
            List<CloudEvent> after = plant.events();
            assertThat(types(after)).containsExactly("raised");
            assertThat(after.get(0).getSubject()).isEqualTo("pump-1");
        }
    }

    @Test
    void removingASilenceLiftsItAndAnnouncedAlertsSaySuppressedAndUnsuppressed() {
        try (Plant plant = Plant.immediate()) {
            String fp = fp("pump-1", RUL, "bearing-wear");
            plant.candidate("pump-1", RUL, "bearing-wear", "RAISED", 700, T);
            plant.command("{\"type\":\"silence-add\",\"silenceId\":\"s1\",\"matchers\":{\"asset\":\"pump-1\"},"
                    + "\"start\":\"" + T + "\",\"end\":\"" + T.plusSeconds(86400) + "\",\"by\":\"carol\"}");
            assertThat(plant.state(fp).suppressedBy()).containsExactly("silence:s1");
            plant.command("{\"type\":\"silence-remove\",\"silenceId\":\"s1\",\"by\":\"carol\"}");
            plant.command("{\"type\":\"silence-remove\",\"silenceId\":\"s1\",\"by\":\"carol\"}"); // repeat: no-op
            assertThat(types(plant.events())).containsExactly("raised", "suppressed", "unsuppressed");
            assertThat(plant.deadLetters()).isEmpty();
        }
    }

    @Test
    void maintenanceInhibitsDegradationAlertsButNotLimitsAndOutOfServiceSuppressesAll() {
        try (Plant plant = Plant.immediate()) {
            String rul = fp("pump-1", RUL, "bearing-wear");
            String limit = fp("pump-1", LIMIT, "channel:vibration.rms");
            plant.command("{\"type\":\"maintenance-start\",\"asset\":\"pump-1\",\"by\":\"system:sap-pm\","
                    + "\"workOrder\":\"4711\"}");
            plant.candidate("pump-1", RUL, "bearing-wear", "RAISED", 700, T);
            plant.candidate("pump-1", LIMIT, "channel:vibration.rms", "RAISED", 800, T);
            assertThat(plant.state(rul).suppressedBy()).containsExactly("maintenance");
            assertThat(plant.state(limit).suppressed()).isFalse();
            assertThat(plant.events()).extracting(e -> e.getType()).containsExactly("io.pdm.alert.raised");

            plant.command("{\"type\":\"out-of-service\",\"asset\":\"pump-1\",\"by\":\"dave\",\"reason\":\"offline\"}");
            assertThat(plant.state(limit).suppressedBy()).containsExactly("out-of-service");
            assertThat(plant.state(limit).outOfService()).isTrue();
            assertThat(plant.state(rul).suppressedBy()).containsExactly("out-of-service", "maintenance");
            assertThat(types(plant.events())).containsExactly("suppressed");

            plant.command("{\"type\":\"in-service\",\"asset\":\"pump-1\",\"by\":\"dave\"}");
            plant.command("{\"type\":\"maintenance-end\",\"asset\":\"pump-1\",\"by\":\"system:sap-pm\"}");
            assertThat(plant.state(rul).suppressed()).isFalse();
            // the degradation alert is announced for the first time; the limit alert comes back
            assertThat(types(plant.events())).containsExactlyInAnyOrder("unsuppressed", "raised");
        }
    }

    @Test
    void theWholeAssetsAlertInhibitsTheSameAlertOnItsParts() {
        try (Plant plant = Plant.immediate()) {
            String whole = fp("pump-1", RUL, "unspecified");
            String part = fp("pump-1", RUL, "bearing-wear"); // pump-set's bearing-wear names bearing and coupling
            String channel = fp("pump-1", RUL, "channel:flow_m3h.mean");
            plant.candidate("pump-1", RUL, "unspecified", "RAISED", 700, T);
            plant.candidate("pump-1", RUL, "bearing-wear", "RAISED", 700, T);
            plant.candidate("pump-1", RUL, "channel:flow_m3h.mean", "RAISED", 700, T);
            assertThat(plant.state(part).suppressedBy()).containsExactly("inhibited-by:" + whole);
            assertThat(plant.state(channel).suppressed()).isFalse();
            assertThat(plant.events()).extracting(CloudEvent::getId).containsExactly(whole + "-1-1", channel + "-1-1");

            plant.candidate("pump-1", RUL, "unspecified", "CLEARED", 700, T.plusSeconds(60));
            assertThat(plant.state(part).suppressed()).isFalse();
            assertThat(plant.events()).extracting(CloudEvent::getId).containsExactly(whole + "-1-2", part + "-1-1");
        }
    }
}

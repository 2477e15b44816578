package io.pdm.alerting.topology;

import static io.pdm.alerting.topology.Plant.fp;
import static org.assertj.core.api.Assertions.assertThat;

import io.pdm.alerting.lifecycle.Emitted;
import io.pdm.alerting.lifecycle.LifecycleSettings;
import io.pdm.alerting.lifecycle.Transition;
import io.pdm.schemas.alerting.AlertState;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The topic's bytes do not depend on how the event is built: {@link MaintenanceEvents#serialize} (data encoded
 * straight to JSON) writes exactly what the SDK writes for {@link MaintenanceEvents#event} (data as a JSON tree), for
 * every transition, texts with quotes, line breaks and non-ASCII, and alerts with and without optional parts.
 */
class MaintenanceEventsTest {

    @Test
    void serializeWritesTheSameBytesAsTheSdkEvent() {
        MaintenanceEvents events = new MaintenanceEvents(Plant.PLANT, new WorkRequests(AssetCatalogue.builtIn()));
        try (Plant plant = new Plant(LifecycleSettings.DEFAULTS
                .withFleetingHold(Duration.ZERO)
                .withEscalation(Duration.ofMinutes(30), java.util.List.of("shift-lead")))) {
            plant.candidate("pump-7", "REMAINING_LIFE_LOW", "bearing-wear", "RAISED", 720, Plant.START);
            plant.candidate("fan-2", "CONDITION_LIMIT", "unspecified", "RAISED", 950, Plant.START);
            plant.candidate("fan-2", "CONDITION_LIMIT", "unspecified", "CLEARED", 950, Plant.START.plusSeconds(9));
            for (AlertState alert : new AlertState[] {
                plant.state(fp("pump-7", "REMAINING_LIFE_LOW", "bearing-wear")),
                plant.state(fp("fan-2", "CONDITION_LIMIT", "unspecified"))
            }) {
                assertThat(alert).isNotNull();
                int n = 0;
                for (Transition t : Transition.values()) {
                    Emitted e = new Emitted(
                            t,
                            ++n,
                            n % 2 == 0 ? "alice.meyer" : LifecycleSettings.SYSTEM,
                            Plant.START.plusMillis(n * 1_234L),
                            n % 3 == 0 ? null : "a \"quoted\" reason,\nline two — Größe ≥ 7 µm/s ✓",
                            t == Transition.ESCALATED ? "shift-lead" : null,
                            alert);
                    byte[] fast = events.serialize(e), sdk = MaintenanceEvents.toJson(events.event(e));
                    assertThat(new String(fast, StandardCharsets.UTF_8))
                            .as(t.typeName())
                            .isEqualTo(new String(sdk, StandardCharsets.UTF_8));
                    assertThat(fast).isEqualTo(sdk);
                }
            }
        }
    }
}

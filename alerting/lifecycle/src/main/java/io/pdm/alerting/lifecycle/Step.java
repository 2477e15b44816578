package io.pdm.alerting.lifecycle;

import io.pdm.schemas.alerting.AlertState;
import java.util.List;

/**
 * The outcome of one input or timer on one alert.
 *
 * @param state   the alert after it (unchanged when {@code changed} is false)
 * @param changed whether the state must be stored and published
 * @param purged  the closed alert's retention passed: delete it and publish a tombstone
 * @param events  what to emit, in order
 */
public record Step(AlertState state, boolean changed, boolean purged, List<Emitted> events) {
    public Step {
        events = List.copyOf(events);
    }

    public static Step unchanged(AlertState state) {
        return new Step(state, false, false, List.of());
    }
}

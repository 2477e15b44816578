package io.pdm.assets;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Duration;

/**
 * The cadence of one model step.
 *
 * @param cadence snapshot, cycle or feature window
 * @param seconds the step's length in seconds; required for SNAPSHOT and FEATURE_WINDOW (a cycle has no fixed
 *                length), null otherwise
 */
public record Step(StepCadence cadence, Double seconds) {
    public Step {
        if (cadence == null) {
            throw new IllegalArgumentException("cadence is required (SNAPSHOT, CYCLE or FEATURE_WINDOW)");
        }
        if (cadence != StepCadence.CYCLE && seconds == null) {
            throw new IllegalArgumentException("seconds is required for cadence " + cadence);
        }
        if (seconds != null && !(seconds > 0 && Double.isFinite(seconds))) {
            throw new IllegalArgumentException("seconds must be positive, was " + seconds);
        }
    }

    /** The step's length, or null for cycles. */
    @JsonIgnore
    public Duration duration() {
        return seconds == null ? null : Duration.ofMillis(Math.round(seconds * 1000));
    }
}

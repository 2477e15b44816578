package io.pdm.alerting.lifecycle;

import io.pdm.schemas.alerting.AlertFacts;
import java.time.Instant;
import java.util.Objects;

/**
 * One alert candidate from the inference service (an {@code AlertRecord} of pdm.{plant}.alerts.v1), as the
 * lifecycle reads it.
 *
 * @param state       RAISED (holds), UPDATED (still holds, facts changed) or CLEARED (no longer holds)
 * @param failureMode a failure mode of the asset type, {@code unspecified} (the whole asset) or {@code channel:NAME}
 */
public record Candidate(
        String alertId,
        String fingerprint,
        String plant,
        String asset,
        String assetType,
        String kind,
        String failureMode,
        State state,
        int severity,
        Instant occurredAt,
        AlertFacts facts) {

    public enum State {
        RAISED,
        UPDATED,
        CLEARED
    }

    public Candidate {
        Objects.requireNonNull(fingerprint, "fingerprint");
        Objects.requireNonNull(asset, "asset");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(occurredAt, "occurredAt");
        if (severity < 1 || severity > 1000) throw new IllegalArgumentException("severity must be 1-1000: " + severity);
    }

    public boolean holds() {
        return state != State.CLEARED;
    }
}

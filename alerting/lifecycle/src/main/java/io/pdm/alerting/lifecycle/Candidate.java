package io.pdm.alerting.lifecycle;

import io.pdm.schemas.alerting.AlertFacts;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * One alert candidate from the inference service (an {@code AlertRecord} of pdm.{plant}.alerts.v1), as the
 * lifecycle reads it.
 *
 * @param state       RAISED (holds), UPDATED (still holds, facts changed) or CLEARED (no longer holds)
 * @param failureMode a failure mode of the asset type, {@code unspecified} (the whole asset) or {@code channel:NAME}
 * @param factsSource the facts (title, text, fact sheet, ...), read when first asked for: most repeats of an active
 *                    alert are held back without them (docs/results/alerting.md), so the reader checks the fact sheet
 *                    at once but builds them only for a candidate that is written. It may throw
 *                    {@link Rejected.Late} (the topology refuses the candidate then, before anything is written).
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
        Supplier<AlertFacts> factsSource) {

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
        Objects.requireNonNull(factsSource, "factsSource");
        if (severity < 1 || severity > 1000) throw new IllegalArgumentException("severity must be 1-1000: " + severity);
    }

    /** With facts already read. */
    public Candidate(
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
        this(
                alertId,
                fingerprint,
                plant,
                asset,
                assetType,
                kind,
                failureMode,
                state,
                severity,
                occurredAt,
                () -> facts);
    }

    /** What the latest candidate says; read on the first call (see {@code factsSource}). */
    public AlertFacts facts() {
        return factsSource.get();
    }

    public boolean holds() {
        return state != State.CLEARED;
    }
}

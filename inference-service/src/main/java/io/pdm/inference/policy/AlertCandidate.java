package io.pdm.inference.policy;

import io.pdm.inference.condition.ConditionFinding;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A change of one alert's state, as the policy decides it: the alert was RAISED, its severity band rose
 * while active (UPDATED), or it CLEARED. Alerting downstream owns the lifecycle (acknowledge, shelve…);
 * this is only what the measurements say.
 *
 * @param severity    1–1000, see {@link Severity}
 * @param failureMode the failure mode (or {@code channel:NAME} for condition alerts) in the fingerprint
 * @param prediction  the prediction behind a remaining-life or stage alert, else null
 * @param findings    the condition findings behind a condition alert (empty otherwise, and on CLEARED)
 * @param reason      one sentence of why, for logs and the fact sheet
 */
public record AlertCandidate(
        Fingerprint fingerprint,
        String plant,
        String asset,
        AlertKind kind,
        String failureMode,
        State state,
        int severity,
        Instant time,
        RemainingLifePrediction prediction,
        List<ConditionFinding> findings,
        String reason) {
    public enum State {
        RAISED,
        UPDATED,
        CLEARED
    }

    public AlertCandidate {
        Objects.requireNonNull(fingerprint, "fingerprint");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(reason, "reason");
        findings = List.copyOf(findings);
        if (severity < 1 || severity > 1000) {
            throw new IllegalArgumentException("severity must be in 1..1000, got " + severity);
        }
    }
}

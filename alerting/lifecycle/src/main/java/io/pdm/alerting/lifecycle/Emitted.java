package io.pdm.alerting.lifecycle;

import io.pdm.schemas.alerting.AlertState;
import java.time.Instant;

/**
 * One event the lifecycle emits: the transition, who caused it, when, and the alert as it is right after it.
 *
 * @param number the alert's event number: with the fingerprint and the alert's sequence, the event's id
 */
public record Emitted(
        Transition type, int number, String by, Instant at, String text, String escalatedTo, AlertState alert) {

    /** {@code {fingerprint}-{sequence}-{number}}: unique per event, and the same when a replay rebuilds it. */
    public String id() {
        return alert.fingerprint() + "-" + alert.sequence() + "-" + number;
    }
}

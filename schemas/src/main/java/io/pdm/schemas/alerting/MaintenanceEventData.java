package io.pdm.schemas.alerting;

import java.time.Instant;
import java.util.List;

/**
 * The {@code data} of every CloudEvent on {@code pdm.{plant}.maintenance-events.v1} (schema
 * {@code json/maintenance-event-data.schema.json}): the transition that caused the event, the alert after it, and the
 * work request a maintenance system would open for it.
 */
public record MaintenanceEventData(Transition transition, Alert alert, WorkRequest workRequest) {

    /**
     * @param type        the CloudEvents type without its prefix: raised, updated, cleared, acknowledged, …
     * @param number      the alert's event number (also in the CloudEvent id)
     * @param by          who caused it: a named person or {@code system:NAME}
     * @param escalatedTo for {@code escalated}: the next person of the plant's escalation list
     */
    public record Transition(String type, int number, String by, Instant at, String text, String escalatedTo) {}

    /** The alert as it is after the transition. */
    public record Alert(
            String fingerprint,
            int sequence,
            String plant,
            String asset,
            String assetType,
            String kind,
            String failureMode,
            String state,
            boolean active,
            boolean acknowledged,
            boolean confirmed,
            boolean shelved,
            boolean suppressed,
            boolean outOfService,
            boolean closed,
            boolean chattering,
            List<String> suppressedBy,
            int severity,
            SeverityBand band,
            Instant raisedAt,
            AlertFacts facts) {

        public Alert {
            suppressedBy = suppressedBy == null ? List.of() : List.copyOf(suppressedBy);
        }

        public static Alert of(AlertState s) {
            return new Alert(
                    s.fingerprint(),
                    s.sequence(),
                    s.plant(),
                    s.asset(),
                    s.assetType(),
                    s.kind(),
                    s.failureMode(),
                    s.stateName(),
                    s.active(),
                    s.acknowledged(),
                    s.confirmed(),
                    s.shelved(),
                    s.suppressed(),
                    s.outOfService(),
                    s.closed(),
                    s.chattering(),
                    s.suppressedBy(),
                    s.severity(),
                    s.band(),
                    s.raisedAt(),
                    s.facts());
        }
    }
}

package io.pdm.schemas.alerting;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The current state of one alert, keyed by fingerprint: the value of the compacted {@code pdm.{plant}.alerts-state.v1}
 * (schema {@code json/alert-state.schema.json}; a tombstone when the closed alert is purged) and of the alerting
 * topology's store. States follow OPC UA Alarms &amp; Conditions: active or cleared × unacknowledged or acknowledged,
 * confirmed, shelved, suppressed (by silences or inhibition), out of service.
 *
 * @param sequence      the how-many-th alert of this fingerprint (a new one opens only after the previous closed)
 * @param resolved      closed by a person or system's resolve
 * @param suppressedBy  why it is suppressed now: {@code silence:ID}, {@code maintenance}, {@code out-of-service},
 *                      {@code inhibited-by:FINGERPRINT}; empty when not
 * @param chattering    ≥ 3 activate/clear cycles in the chatter window: held back, one event says so
 * @param fleeting      it cleared within the fleeting limit of being raised: held back
 * @param announcedAt   wall-clock time its {@code raised} event went out (held-back alerts are announced once they
 *                      are not); null while it has not
 * @param lastActiveAt  event time of the last written candidate that held; with {@code facts} and {@code severity}
 *                      (within its band) it is written at most every state refresh (10 s by default) for repeats
 *                      that change nothing else, so it may lag the latest candidate by up to that (docs/formats.md)
 * @param receivedAt    wall-clock time it opened (hold and escalation timers run on wall-clock time)
 * @param transitions   events emitted for this alert so far; the next event's number
 * @param activations   event times of recent activations, for chatter detection (carried to the next alert)
 * @param history       who did what and when
 * @param recentCommands ids of the last commands applied, so a repeated command is applied once
 */
@JsonIgnoreProperties(ignoreUnknown = true)
// The derived properties (announced … stateName) come after the components in declaration order. Without this their
// order was that of the JVM's reflection, which differs between JVMs (seen: two orders in two runs), so the same
// state could be written with different bytes; the alerting topology's writer (ContractWriter) writes this order.
@JsonPropertyOrder({
    "fingerprint",
    "sequence",
    "plant",
    "asset",
    "assetType",
    "kind",
    "failureMode",
    "active",
    "acknowledged",
    "confirmed",
    "resolved",
    "severity",
    "shelving",
    "suppressedBy",
    "chattering",
    "fleeting",
    "announcedAt",
    "raisedAt",
    "lastActiveAt",
    "clearedAt",
    "closedAt",
    "receivedAt",
    "lastNotifiedAt",
    "escalations",
    "escalatedTo",
    "transitions",
    "activations",
    "facts",
    "history",
    "recentCommands",
    "announced",
    "closed",
    "band",
    "shelved",
    "suppressed",
    "outOfService",
    "stateName"
})
public record AlertState(
        String fingerprint,
        int sequence,
        String plant,
        String asset,
        String assetType,
        String kind,
        String failureMode,
        boolean active,
        boolean acknowledged,
        boolean confirmed,
        boolean resolved,
        int severity,
        Shelving shelving,
        List<String> suppressedBy,
        boolean chattering,
        boolean fleeting,
        Instant announcedAt,
        Instant raisedAt,
        Instant lastActiveAt,
        Instant clearedAt,
        Instant closedAt,
        Instant receivedAt,
        Instant lastNotifiedAt,
        int escalations,
        String escalatedTo,
        int transitions,
        List<Instant> activations,
        AlertFacts facts,
        List<Note> history,
        List<String> recentCommands) {

    public AlertState {
        suppressedBy = suppressedBy == null ? List.of() : List.copyOf(suppressedBy);
        activations = activations == null ? List.of() : List.copyOf(activations);
        history = history == null ? List.of() : List.copyOf(history);
        recentCommands = recentCommands == null ? List.of() : List.copyOf(recentCommands);
    }

    /** Shelved by a named person with a reason until a time (OPC UA TimedShelve). */
    public record Shelving(String by, String reason, Instant at, Instant until) {
        public Duration duration() {
            return Duration.between(at, until);
        }
    }

    /** One action on the alert: what, who, when, and an optional text (a comment, a reason). */
    public record Note(String action, String by, Instant at, String text) {}

    @JsonProperty("announced")
    public boolean announced() {
        return announcedAt != null;
    }

    /** Closed: resolved, or cleared and acknowledged. A closed alert takes no commands. */
    @JsonProperty("closed")
    public boolean closed() {
        return resolved || (!active && acknowledged);
    }

    @JsonProperty("band")
    public SeverityBand band() {
        return SeverityBand.of(severity);
    }

    @JsonProperty("shelved")
    public boolean shelved() {
        return shelving != null;
    }

    @JsonProperty("suppressed")
    public boolean suppressed() {
        return !suppressedBy.isEmpty();
    }

    @JsonProperty("outOfService")
    public boolean outOfService() {
        return suppressedBy.contains("out-of-service");
    }

    /** Held back from people: shelved, suppressed, out of service, chattering or fleeting. */
    public boolean heldBack() {
        return shelved() || suppressed() || chattering || fleeting;
    }

    /** The OPC UA-style summary, e.g. {@code ACTIVE_UNACKNOWLEDGED}, {@code CLEARED_ACKNOWLEDGED}. */
    @JsonProperty("stateName")
    public String stateName() {
        if (resolved) return "RESOLVED";
        return (active ? "ACTIVE_" : "CLEARED_") + (acknowledged ? "ACKNOWLEDGED" : "UNACKNOWLEDGED");
    }
}

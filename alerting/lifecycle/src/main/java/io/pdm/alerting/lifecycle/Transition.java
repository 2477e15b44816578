package io.pdm.alerting.lifecycle;

import java.util.Locale;

/** What happened to an alert; each is one CloudEvent type {@code io.pdm.alert.<name>}. */
public enum Transition {
    /** Announced: active, and not held back (shelved, suppressed, chattering, within the fleeting hold). */
    RAISED,
    /** Still active: the severity band rose, or the re-notify interval passed while it is unacknowledged. */
    UPDATED,
    CLEARED,
    /** Cleared and acknowledged (a resolve says {@link #RESOLVED} instead). */
    CLOSED,
    ACKNOWLEDGED,
    CONFIRMED,
    SHELVED,
    UNSHELVED,
    RESOLVED,
    COMMENTED,
    WORK_REQUESTED,
    /** Unacknowledged past the plant's escalation delay: the next person of its escalation list is told. */
    ESCALATED,
    SUPPRESSED,
    UNSUPPRESSED,
    /** ≥ N activate/clear cycles in the chatter window: held back until it calms down. */
    CHATTERING;

    public static final String TYPE_PREFIX = "io.pdm.alert.";

    /** {@code work-requested} */
    public String typeName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The CloudEvent type, e.g. {@code io.pdm.alert.raised}. */
    public String cloudEventType() {
        return TYPE_PREFIX + typeName();
    }
}

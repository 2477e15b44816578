package io.pdm.alerting.lifecycle;

/** Why an input went to the plant's dead-letter topic; the {@code pdm-reason} header carries the name. */
public enum RejectReason {
    /** Not an AlertRecord, or one whose fields break the contract (severity, state, fact sheet). */
    MALFORMED_CANDIDATE,
    /** Not JSON, not an alert-command, or a field missing or of the wrong type. */
    MALFORMED_COMMAND,
    /** A command for a fingerprint this plant never had (or whose alert was purged). */
    UNKNOWN_ALERT,
    /** A command for an alert already closed (resolved, or cleared and acknowledged). */
    ALERT_CLOSED,
    /** The command names another asset than the alert's. */
    ASSET_MISMATCH,
    /** Not possible in the alert's state, e.g. confirm before acknowledge, unshelve when not shelved. */
    INVALID_TRANSITION,
    /** A shelve longer than the plant's maximum, or not positive. */
    SHELVE_DURATION,
    /** Shelving needs a named person, not a system. */
    NOT_A_PERSON,
    /** A silence that ends before it starts. */
    INVALID_SILENCE
}

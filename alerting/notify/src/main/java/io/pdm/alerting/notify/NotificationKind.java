package io.pdm.alerting.notify;

/** The transition of an alert that a notification tells about. */
public enum NotificationKind {
    /** A new alert opened. */
    RAISED,
    /** An open alert's severity band rose. */
    UPDATED,
    /** An unacknowledged alert went to the next person of the plant's escalation list. */
    ESCALATED,
    /** A repeat of a still-active alert, after the re-notify interval. */
    RENOTIFY,
    /** The condition cleared. */
    CLEARED
}

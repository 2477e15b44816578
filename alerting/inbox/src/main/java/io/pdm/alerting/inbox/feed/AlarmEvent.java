package io.pdm.alerting.inbox.feed;

import java.time.Instant;

/**
 * What the alarm-system statistics need of one maintenance event: its plant, transition type ({@code raised},
 * {@code acknowledged}, …), the alert's fingerprint, asset, kind and failure mode (to name it in words), and the
 * transition's time. Kind and failure mode are interned: a week of events repeats a handful of values.
 */
public record AlarmEvent(
        String plant, String type, String fingerprint, String asset, String kind, String failureMode, Instant time) {
    public AlarmEvent {
        if (kind != null) kind = kind.intern();
        if (failureMode != null) failureMode = failureMode.intern();
    }

    /** An event without kind and failure mode (named by its fingerprint only). */
    public AlarmEvent(String plant, String type, String fingerprint, String asset, Instant time) {
        this(plant, type, fingerprint, asset, null, null, time);
    }
}

package io.pdm.alerting.inbox.feed;

import java.time.Instant;

/**
 * What the alarm-system statistics need of one maintenance event: its plant, transition type ({@code raised},
 * {@code acknowledged}, …), alert fingerprint and asset, and the transition's time.
 */
public record AlarmEvent(String plant, String type, String fingerprint, String asset, Instant time) {}

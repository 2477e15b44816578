package io.pdm.alerting.notify;

import java.time.Instant;
import java.util.Optional;

/**
 * When each user was last notified about each asset, for the silent period. The router only reads it; the
 * {@link Notifier} records a notification once it has routed it.
 */
public interface NotificationHistory {
    Optional<Instant> lastNotified(String user, String asset);

    void recordNotified(String user, String asset, Instant at);
}

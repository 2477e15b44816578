package io.pdm.alerting.notify;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The silent-period memory of one process, bounded: past {@code capacity} (user, asset) pairs the least recently
 * notified one is forgotten, which can only let a notification through early, never hold one back. After a restart
 * it is empty, so the first notification per asset goes out again.
 */
public final class InMemoryNotificationHistory implements NotificationHistory {
    private final Map<String, Instant> last;

    public InMemoryNotificationHistory(int capacity) {
        if (capacity < 1) throw new IllegalArgumentException("capacity must be positive");
        this.last = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Instant> eldest) {
                return size() > capacity;
            }
        };
    }

    @Override
    public synchronized Optional<Instant> lastNotified(String user, String asset) {
        return Optional.ofNullable(last.get(user + '\u0000' + asset));
    }

    @Override
    public synchronized void recordNotified(String user, String asset, Instant at) {
        last.merge(user + '\u0000' + asset, at, (a, b) -> a.isAfter(b) ? a : b);
    }
}

package io.pdm.alerting.notify.delivery;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@link SentKeys} in memory, bounded: past {@code capacity} keys the oldest claimed is forgotten (a repeat that old
 * is left to the receiver's idempotency key). 100,000 keys cost about 20 MB.
 */
public final class InMemorySentKeys implements SentKeys {
    private final Map<String, Boolean> keys;

    public InMemorySentKeys(int capacity) {
        if (capacity < 1) throw new IllegalArgumentException("capacity must be positive");
        this.keys = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > capacity;
            }
        };
    }

    @Override
    public synchronized boolean claim(String receiver, String idempotencyKey) {
        return keys.putIfAbsent(receiver + '\u0000' + idempotencyKey, Boolean.TRUE) == null;
    }

    @Override
    public synchronized void release(String receiver, String idempotencyKey) {
        keys.remove(receiver + '\u0000' + idempotencyKey);
    }

    synchronized int size() {
        return keys.size();
    }
}

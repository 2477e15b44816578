package io.pdm.ingest;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Bounded memory of recently accepted maintenance-log ids, per plant, for deduplication at intake.
 * It catches the common repeats (a re-posted form, a re-imported CSV, an MQTT redelivery) while the
 * process lives; it is not a guarantee: after a restart or beyond {@code capacity} ids per plant a
 * repeat passes, and storage downstream upserts by id, which makes the end result exact.
 */
public final class RecentIds {
    private final int capacity;
    private final Map<String, LruSet> plants = new ConcurrentHashMap<>();

    public RecentIds(int capacity) {
        this.capacity = Math.max(1, capacity);
    }

    /** Claims an id before sending; false when it was already claimed (a duplicate). */
    public boolean claim(String plant, String id) {
        LruSet set = plants.computeIfAbsent(plant, p -> new LruSet(capacity));
        synchronized (set) {
            return set.put(id, Boolean.TRUE) == null;
        }
    }

    /** Forgets a claim whose send failed, so a retry is not mistaken for a duplicate. */
    public void release(String plant, String id) {
        LruSet set = plants.get(plant);
        if (set == null) return;
        synchronized (set) {
            set.remove(id);
        }
    }

    private static final class LruSet extends LinkedHashMap<String, Boolean> {
        private final int capacity;

        LruSet(int capacity) {
            super(16, 0.75f, false);
            this.capacity = capacity;
        }

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > capacity;
        }
    }
}

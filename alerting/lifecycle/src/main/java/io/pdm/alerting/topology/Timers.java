package io.pdm.alerting.topology;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The alerts of one task that need the punctuator, by due time (one entry per fingerprint, the latest schedule
 * wins), so a tick touches only those instead of deserializing every stored alert. Kept in memory and rebuilt from
 * the store when the task starts.
 */
final class Timers {
    private record Due(Instant at, String fingerprint) implements Comparable<Due> {
        @Override
        public int compareTo(Due o) {
            int c = at.compareTo(o.at);
            return c != 0 ? c : fingerprint.compareTo(o.fingerprint);
        }
    }

    private final TreeSet<Due> queue = new TreeSet<>();
    private final Map<String, Instant> scheduled = new HashMap<>();

    /** Schedules (or moves) the alert's timer; null cancels it. */
    void schedule(String fingerprint, Instant at) {
        Instant was = at == null ? scheduled.remove(fingerprint) : scheduled.put(fingerprint, at);
        if (was != null) queue.remove(new Due(was, fingerprint));
        if (at != null) queue.add(new Due(at, fingerprint));
    }

    /** Removes and returns the fingerprints due at {@code now}. */
    List<String> due(Instant now) {
        List<String> out = new ArrayList<>();
        while (!queue.isEmpty() && !queue.first().at().isAfter(now)) {
            Due d = queue.pollFirst();
            scheduled.remove(d.fingerprint());
            out.add(d.fingerprint());
        }
        return out;
    }

    void clear() {
        queue.clear();
        scheduled.clear();
    }

    int size() {
        return scheduled.size();
    }
}

package io.pdm.inference.scoring;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Learns from the feature stream itself when an asset was restored: every feature vector carries the asset's last
 * maintenance action and the seconds since it (the feature pipeline joins the plant's maintenance log), so a vector
 * whose last action restores the machine ({@link #RESTORING}) and whose maintenance time is newer than the one known
 * for the asset means the machine scored from now on is not the one scored before. Read from the stream, not from the
 * store, so a restart lands exactly between the failed machine's last step and the new one's first, in a replay too.
 *
 * <p>The first vector of an asset restarts nothing (its window is new anyway). Not seen: a repair followed by another
 * log entry (an inspection) before the asset's next feature window, since each vector names only the last entry.
 * Not thread-safe: one scoring thread owns it.
 */
public final class Restorations {
    /**
     * Maintenance actions that restore an asset: the simulator logs these when it fixes a pump for cause (a failure,
     * an alarm, a noticed defect); INSPECTION and LUBRICATION leave the machine as it was.
     */
    public static final Set<String> RESTORING = Set.of("REPLACEMENT", "REPAIR");

    /** Two stamps of one log entry differ by rounding only; a newer entry is at least this much later. */
    private static final Duration SAME_ENTRY = Duration.ofSeconds(1);

    /** Per asset seen: the time of its newest known restoring maintenance, {@link Instant#MIN} when none is known. */
    private final Map<String, Instant> restoredAt = new HashMap<>();

    /**
     * @param end                     the vector's window end
     * @param secondsSinceMaintenance seconds from the asset's last maintenance log entry to {@code end}, or null
     * @param lastAction              that entry's action, or null
     * @return true when this vector is the first to report a restoring maintenance of an asset seen before
     */
    public boolean restored(String asset, Instant end, Double secondsSinceMaintenance, String lastAction) {
        Instant known = restoredAt.get(asset);
        boolean restoring = secondsSinceMaintenance != null
                && Double.isFinite(secondsSinceMaintenance)
                && lastAction != null
                && RESTORING.contains(lastAction.trim().toUpperCase(Locale.ROOT));
        if (!restoring) {
            if (known == null) restoredAt.put(asset, Instant.MIN);
            return false;
        }
        Instant at = end.minusMillis(Math.round(secondsSinceMaintenance * 1000));
        if (known != null && !at.isAfter(known.plus(SAME_ENTRY))) {
            return false;
        }
        restoredAt.put(asset, at);
        return known != null; // first sight: nothing to restart
    }

    /** The asset went to another instance; if it comes back, its first vector restarts nothing. */
    public void forget(String asset) {
        restoredAt.remove(asset);
    }
}

package io.pdm.assets;

import java.util.List;

/**
 * Absolute limits of one channel from a standard, as zones: a value up to {@code zones[0].upTo} is in the first
 * zone, and so on; the last zone has no upper bound. For vibration velocity RMS, ISO 20816-3 gives the zone
 * boundaries A/B, B/C and C/D by machine group and foundation.
 *
 * @param channel      a channel of the type
 * @param standard     e.g. {@code ISO 20816-3:2022}
 * @param machineClass the class within the standard the boundaries belong to, e.g. {@code group 2, rigid}
 * @param zones        in ascending order; all but the last have {@code upTo}
 */
public record Limit(String channel, String unit, String standard, String machineClass, List<Zone> zones) {
    public Limit {
        AssetType.requireText("channel", channel);
        AssetType.requireText("unit", unit);
        AssetType.requireText("standard", standard);
        if (zones == null || zones.size() < 2) {
            throw new IllegalArgumentException("zones must list at least two zones");
        }
        zones = List.copyOf(zones);
        double previous = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < zones.size(); i++) {
            Double upTo = zones.get(i).upTo();
            boolean last = i == zones.size() - 1;
            if (last != (upTo == null)) {
                throw new IllegalArgumentException(
                        "zones/" + i + ": every zone but the last needs upTo, the last none");
            }
            if (upTo != null && !(upTo > previous)) {
                throw new IllegalArgumentException("zones/" + i + ": upTo " + upTo + " does not exceed " + previous);
            }
            previous = upTo == null ? previous : upTo;
        }
    }

    /** The zone a value falls in. */
    public Zone zoneOf(double value) {
        for (Zone z : zones) {
            if (z.upTo() == null || value <= z.upTo()) {
                return z;
            }
        }
        throw new AssertionError("the last zone is unbounded");
    }

    /** @param upTo the zone's upper boundary (inclusive); null for the last zone */
    public record Zone(String zone, Double upTo, String meaning) {
        public Zone {
            AssetType.requireText("zone", zone);
        }
    }
}

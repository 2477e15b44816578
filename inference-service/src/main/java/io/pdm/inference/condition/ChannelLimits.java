package io.pdm.inference.condition;

import java.util.List;
import java.util.Objects;

/**
 * Absolute limits of one channel, as zone boundaries in ascending order (e.g. ISO 10816-3 velocity zones
 * A/B, B/C and C/D). A value below the first boundary lies in zone A, between the first and second in B,
 * and so on. A value in zone {@code alertZone} or above is a {@link ConditionFinding.Kind#LIMIT} finding;
 * it stays one until the value falls below the boundary by {@code clearMargin} (a fraction of it), so a
 * value that hovers on a boundary does not flap.
 *
 * @param boundaries ascending, finite; at least one
 * @param alertZone  index of the first alerting zone, 1..boundaries.size() (1 = zone B)
 * @param standard   where the numbers come from, e.g. "ISO 10816-3 group 2 rigid", for the fact sheet
 */
public record ChannelLimits(
        String channel, String unit, List<Double> boundaries, int alertZone, double clearMargin, String standard) {
    public static final double DEFAULT_CLEAR_MARGIN = 0.05;

    public ChannelLimits {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(standard, "standard");
        boundaries = List.copyOf(boundaries);
        if (boundaries.isEmpty()) {
            throw new IllegalArgumentException(channel + ": limits need at least one zone boundary");
        }
        for (int i = 0; i < boundaries.size(); i++) {
            double b = boundaries.get(i);
            if (!Double.isFinite(b) || (i > 0 && !(b > boundaries.get(i - 1)))) {
                throw new IllegalArgumentException(
                        channel + ": zone boundaries must be finite and strictly ascending, got " + boundaries);
            }
        }
        if (alertZone < 1 || alertZone > boundaries.size()) {
            throw new IllegalArgumentException(
                    channel + ": alertZone must be in 1.." + boundaries.size() + ", got " + alertZone);
        }
        if (!(clearMargin >= 0 && clearMargin < 1)) {
            throw new IllegalArgumentException(channel + ": clearMargin must be in [0, 1), got " + clearMargin);
        }
    }

    /**
     * Limits that alert from the second-to-last zone on (with ISO 10816's three boundaries: zone C,
     * "unsatisfactory for long-term operation"), with the default clear margin.
     */
    public static ChannelLimits of(String channel, String unit, List<Double> boundaries, String standard) {
        return new ChannelLimits(
                channel, unit, boundaries, Math.max(1, boundaries.size() - 1), DEFAULT_CLEAR_MARGIN, standard);
    }

    /** The zone index of a value: 0 below the first boundary, boundaries.size() past the last. */
    public int zoneOf(double value) {
        int zone = 0;
        while (zone < boundaries.size() && value >= boundaries.get(zone)) {
            zone++;
        }
        return zone;
    }

    /** Zone letters as ISO 10816 names them: 0 → "A", 1 → "B"... */
    public static String zoneName(int zone) {
        return String.valueOf((char) ('A' + zone));
    }

    /** The boundary that starts {@code zone} (zone ≥ 1). */
    public double lowerBoundaryOf(int zone) {
        return boundaries.get(zone - 1);
    }
}

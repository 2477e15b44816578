package io.pdm.inference.condition;

import java.time.Instant;
import java.util.Objects;

/**
 * One channel out of its normal at one window.
 *
 * <ul>
 *   <li>{@link Kind#LIMIT}: the value lies in {@code zone} (e.g. "C") at or past {@code boundary} of
 *       {@code standard}; {@code zonesPastAlert} is 0 in the first alerting zone, 1 in the next…;
 *       {@code baseline} may be null (limits apply from the first window).
 *   <li>{@link Kind#CHANGE}: the CUSUM on the robust z-score crossed its decision interval; {@code z} is this
 *       window's z-score, {@code statistic} the CUSUM sum, {@code direction} UP or DOWN.
 * </ul>
 *
 * Fields that do not apply to a kind are null (objects) or NaN (numbers).
 */
public record ConditionFinding(
        String asset,
        String channel,
        Kind kind,
        Instant time,
        double value,
        String unit,
        String zone,
        int zonesPastAlert,
        double boundary,
        String standard,
        Baseline baseline,
        double z,
        double statistic,
        Direction direction) {
    public enum Kind {
        LIMIT,
        CHANGE
    }

    public enum Direction {
        UP,
        DOWN
    }

    public ConditionFinding {
        Objects.requireNonNull(asset, "asset");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(time, "time");
        if (kind == Kind.LIMIT && (zone == null || standard == null || !Double.isFinite(boundary))) {
            throw new IllegalArgumentException("a LIMIT finding needs its zone, boundary and standard");
        }
        if (kind == Kind.CHANGE && (baseline == null || direction == null)) {
            throw new IllegalArgumentException("a CHANGE finding needs its baseline and direction");
        }
    }

    static ConditionFinding limit(
            String asset, Instant time, double value, ChannelLimits limits, int zone, Baseline baseline) {
        return new ConditionFinding(
                asset,
                limits.channel(),
                Kind.LIMIT,
                time,
                value,
                limits.unit(),
                ChannelLimits.zoneName(zone),
                zone - limits.alertZone(),
                limits.lowerBoundaryOf(zone),
                limits.standard(),
                baseline,
                baseline == null ? Double.NaN : baseline.z(value),
                Double.NaN,
                null);
    }

    static ConditionFinding change(
            String asset,
            String channel,
            String unit,
            Instant time,
            double value,
            Baseline baseline,
            double statistic,
            Direction direction) {
        return new ConditionFinding(
                asset,
                channel,
                Kind.CHANGE,
                time,
                value,
                unit,
                null,
                -1,
                Double.NaN,
                null,
                baseline,
                baseline.z(value),
                statistic,
                direction);
    }
}

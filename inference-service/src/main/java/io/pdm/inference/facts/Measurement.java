package io.pdm.inference.facts;

import java.time.Instant;
import java.util.Objects;

/**
 * A measured value that triggered (or explains) an alert, with its context. Numbers that are unknown are
 * NaN and strings null; the fact sheet renders only what is known, so a writer cannot cite what is not there.
 *
 * @param slopePerHour trend of the channel, in unit per hour (NaN when unknown)
 * @param baseline     the asset's own normal value (median of its first windows), NaN before one exists
 * @param z            robust z-score against that baseline, NaN when unknown
 * @param limit        the limit boundary the value is at or past, NaN when none
 * @param zone         the limit zone (e.g. "D"), null when none
 * @param standard     where the limit comes from, null when none
 */
public record Measurement(
        String channel,
        double value,
        String unit,
        Instant time,
        double slopePerHour,
        double baseline,
        double z,
        double limit,
        String zone,
        String standard) {
    public Measurement {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(time, "time");
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(channel + ": measured value must be finite, got " + value);
        }
    }

    public static Measurement of(String channel, double value, String unit, Instant time) {
        return new Measurement(channel, value, unit, time, Double.NaN, Double.NaN, Double.NaN, Double.NaN, null, null);
    }

    public Measurement withSlopePerHour(double slope) {
        return new Measurement(channel, value, unit, time, slope, baseline, z, limit, zone, standard);
    }
}

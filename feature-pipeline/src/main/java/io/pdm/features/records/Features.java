package io.pdm.features.records;

import java.util.Map;

/**
 * Pipeline internal type (feature-pipeline): the features of one asset over one event-time window,
 * the in-job twin of the Avro {@code FeatureVector} (see {@code FeatureConversions.toAvro}).
 *
 * <p>{@code features} maps {@code <sensor>.<feature>} (e.g. {@code temp.mean}, {@code vib.band_2})
 * to its value. {@code windowStart} inclusive and {@code windowEnd} exclusive, epoch millis.
 * {@code secondsSinceMaintenance} / {@code lastMaintenanceAction} are null until the maintenance
 * join knows a log entry for the asset. Flink serializes it as a POJO (Map has a built-in
 * serializer since Flink 2.0).
 */
public record Features(
        String plant,
        String asset,
        long windowStart,
        long windowEnd,
        int readingCount,
        Map<String, Double> features,
        Double secondsSinceMaintenance,
        String lastMaintenanceAction) {

    /** A copy with the maintenance context set. */
    public Features withMaintenance(Double secondsSince, String action) {
        return new Features(plant, asset, windowStart, windowEnd, readingCount, features, secondsSince, action);
    }
}

package io.pdm.features.store;

import java.util.Map;

/**
 * Settings baked into the schema at migration time (Flyway placeholders of V1/V2).
 *
 * @param timescale             {@code auto} (TimescaleDB layout where the extension is available),
 *                              {@code on} (require it) or {@code off} (always native partitioning)
 * @param retentionDays         raw scalar readings are dropped after this many days
 * @param waveformRetentionDays waveform blocks (large) are dropped after this many days
 * @param featureRetentionDays  feature windows are dropped after this many days
 * @param compressAfterDays     TimescaleDB only: chunks older than this are compressed
 * @param premakeDays           partitioned layout: daily partitions created ahead of today
 */
public record StoreConfig(
        String timescale,
        int retentionDays,
        int waveformRetentionDays,
        int featureRetentionDays,
        int compressAfterDays,
        int premakeDays) {

    public StoreConfig {
        if (!timescale.equals("auto") && !timescale.equals("on") && !timescale.equals("off")) {
            throw new IllegalArgumentException("timescale must be auto, on or off: " + timescale);
        }
        if (retentionDays < 1
                || waveformRetentionDays < 1
                || featureRetentionDays < 1
                || compressAfterDays < 1
                || premakeDays < 0) {
            throw new IllegalArgumentException("days must be positive: " + this);
        }
    }

    public static StoreConfig defaults() {
        return new StoreConfig("auto", 90, 14, 730, 7, 7);
    }

    public StoreConfig withTimescale(String mode) {
        return new StoreConfig(
                mode, retentionDays, waveformRetentionDays, featureRetentionDays, compressAfterDays, premakeDays);
    }

    /** The Flyway placeholders the migrations expect (all of them: Flyway fails on a missing one). */
    public Map<String, String> placeholders() {
        return Map.of(
                "pdm_timescale", timescale,
                "pdm_retention_days", Integer.toString(retentionDays),
                "pdm_waveform_retention_days", Integer.toString(waveformRetentionDays),
                "pdm_feature_retention_days", Integer.toString(featureRetentionDays),
                "pdm_compress_after_days", Integer.toString(compressAfterDays),
                "pdm_premake_days", Integer.toString(premakeDays));
    }
}

package io.pdm.schemas.alerting;

/**
 * OPC UA severity 1–1000 shown in five bands, the same the inference service assigns (docs/alerts.md):
 * 1–199 info, 200–399 low, 400–599 medium, 600–799 high, 800–1000 critical.
 */
public enum SeverityBand {
    INFO,
    LOW,
    MEDIUM,
    HIGH,
    CRITICAL;

    public static SeverityBand of(int severity) {
        if (severity < 1 || severity > 1000) {
            throw new IllegalArgumentException("severity must be 1-1000, was " + severity);
        }
        return values()[Math.min(4, severity / 200)];
    }
}

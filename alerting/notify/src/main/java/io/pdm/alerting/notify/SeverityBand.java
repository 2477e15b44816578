package io.pdm.alerting.notify;

/**
 * The five bands of severity 1–1000, as the inference service's {@code Severity} defines them (docs/alerts.md):
 * 1–199 info, 200–399 low, 400–599 medium, 600–799 high, 800–1000 critical. Kept here as a copy of the rule so
 * this library does not depend on the inference service.
 */
public enum SeverityBand {
    INFO,
    LOW,
    MEDIUM,
    HIGH,
    CRITICAL;

    /** The band of a severity 1–1000; anything else is refused. */
    public static SeverityBand of(int severity) {
        if (severity < 1 || severity > 1000) {
            throw new IllegalArgumentException("severity must be 1–1000, was " + severity);
        }
        return values()[Math.min(severity / 200, 4)];
    }

    /** The lowest severity of this band (INFO 1, LOW 200, … CRITICAL 800). */
    public int lowest() {
        return this == INFO ? 1 : ordinal() * 200;
    }
}

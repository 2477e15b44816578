package io.pdm.features.records;

/**
 * Pipeline internal type (feature-pipeline): what the Kafka value deserializers emit, so a bad
 * record never fails the job. Exactly one field is non-null: a decoded telemetry reading, a
 * decoded maintenance log, or a dead letter (undecodable bytes).
 */
public record Decoded(Reading reading, MaintenanceLog log, DeadLetter deadLetter) {
    public static Decoded of(Reading r) {
        return new Decoded(r, null, null);
    }

    public static Decoded of(MaintenanceLog l) {
        return new Decoded(null, l, null);
    }

    public static Decoded of(DeadLetter d) {
        return new Decoded(null, null, d);
    }
}

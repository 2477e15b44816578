package io.pdm.features.records;

/**
 * Pipeline internal type (feature-pipeline): one maintenance log entry (a Kafka
 * MaintenanceLogRecord) inside the Flink job. Enums are carried by name; timestamps are epoch
 * millis; {@code component} and {@code technician} may be null. Unique by {@code id}.
 */
public record MaintenanceLog(
        String id,
        String plant,
        String asset,
        long ts,
        String action,
        String component,
        String technician,
        String text,
        String source,
        long receivedAt) {}

package io.pdm.inference.facts;

import java.time.LocalDate;
import java.util.Objects;

/**
 * A past maintenance log entry of the plant, as the fact sheet cites it.
 *
 * @param id         the log's id (the key of {@code maintenance_log}); alert texts cite it as {@code [id]}
 * @param component  the part worked on, null when the log does not say
 * @param similarity cosine similarity to the alert's query, NaN for the asset's last maintenance
 */
public record MaintenanceRecord(
        String id, String asset, LocalDate date, String action, String component, String text, double similarity) {
    public MaintenanceRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(asset, "asset");
        Objects.requireNonNull(date, "date");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(text, "text");
        if (id.isBlank() || id.contains("[") || id.contains("]")) {
            throw new IllegalArgumentException("log id must be non-blank and contain no brackets: '" + id + "'");
        }
    }
}

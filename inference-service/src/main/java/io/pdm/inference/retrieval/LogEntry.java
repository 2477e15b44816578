package io.pdm.inference.retrieval;

import io.pdm.inference.facts.MaintenanceRecord;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.Objects;

/** One maintenance log of a plant, as retrieval needs it (a row of {@code maintenance_log}). */
public record LogEntry(
        String id, String plant, String asset, LocalDate date, String action, String component, String text) {
    public LogEntry {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(plant, "plant");
        Objects.requireNonNull(asset, "asset");
        Objects.requireNonNull(date, "date");
        Objects.requireNonNull(action, "action");
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("log " + id + " has no text to embed");
        }
    }

    /** What is embedded: action, component and text, so "replace" + "bearing" count even if the text is terse. */
    public String embeddingText() {
        return action + (component == null ? "" : " " + component) + ": " + text;
    }

    public String textSha256() {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(embeddingText().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    public MaintenanceRecord toRecord(double similarity) {
        return new MaintenanceRecord(id, asset, date, action, component, text, similarity);
    }
}

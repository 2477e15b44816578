package io.pdm.inference.store;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;

/** An alert as the REST API shows it: what was published on {@code pdm.{plant}.alerts.v1}, with its fact sheet. */
public record AlertView(
        String alertId,
        String fingerprint,
        String plant,
        String asset,
        String assetType,
        String kind,
        String failureMode,
        String state,
        int severity,
        Instant occurredAt,
        LifeView remainingLife,
        String healthStage,
        String baseModel,
        Long adapterVersion,
        String title,
        String text,
        String writer,
        boolean grounded,
        int writerAttempts,
        List<String> groundingViolations,
        List<String> citedLogs,
        JsonNode factSheet) {

    /** Remaining useful life with its interval, in the asset type's unit. */
    public record LifeView(double predicted, Double lower, Double upper, Double coverage, String unit) {}
}

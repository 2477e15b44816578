package io.pdm.inference.store;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;

/**
 * An asset's latest prediction and its trend, newest first.
 *
 * @param trendPerHour least-squares slope of the predicted remaining life over the trend's event time, in life units
 *                     per hour; null with fewer than two remaining-life points
 */
public record HealthView(String plant, String asset, Point latest, List<Point> trend, Double trendPerHour) {

    /** One stored prediction. */
    public record Point(
            Instant windowEnd,
            Instant scoredAt,
            String assetType,
            String baseModel,
            Long adapterVersion,
            AlertView.LifeView remainingLife,
            String healthStage,
            JsonNode stageProbabilities,
            JsonNode drivers,
            JsonNode conditions,
            List<String> quality) {}
}

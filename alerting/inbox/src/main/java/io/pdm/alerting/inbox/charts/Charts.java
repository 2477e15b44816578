package io.pdm.alerting.inbox.charts;

import java.util.List;
import java.util.Map;

/**
 * The data behind an alert's charts, as uPlot takes it (one list of x values in epoch seconds, then one list per
 * series). {@code available} is false with a {@code reason} when the plant has no database or it could not be read.
 *
 * @param features      feature name → [times, values], the features the alert's evidence names
 * @param remainingLife [times, predicted, lower, upper] of the asset's remaining-life estimates
 */
public record Charts(
        boolean available,
        String reason,
        Map<String, List<List<Double>>> features,
        List<List<Double>> remainingLife,
        String unit) {

    public static Charts unavailable(String reason) {
        return new Charts(false, reason, Map.of(), List.of(), null);
    }
}

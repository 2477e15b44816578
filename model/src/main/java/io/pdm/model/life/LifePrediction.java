package io.pdm.model.life;

import java.util.List;
import java.util.Map;

/**
 * The model's view of one window: remaining life with its calibrated interval, the health-stage probabilities and
 * the channels that drove the estimate.
 *
 * @param rul     predicted remaining life in {@code unit}, never negative (capped at the protocol's RUL cap)
 * @param lower   lower end of the interval (≥ 0); equals rul when the base has no calibration
 * @param upper   upper end
 * @param level   nominal coverage of [lower, upper] (split conformal on held-out lives); NaN without calibration
 * @param unit    CYCLES or HOURS
 * @param stages  probability of each health stage by name (they sum to 1)
 * @param drivers the channels whose occlusion moves the RUL most, largest first
 */
public record LifePrediction(
        double rul,
        double lower,
        double upper,
        double level,
        String unit,
        Map<String, Double> stages,
        List<Driver> drivers) {
    public LifePrediction {
        stages = Map.copyOf(stages);
        drivers = List.copyOf(drivers);
    }

    /**
     * @param effect RUL with the channel's actual values minus RUL with the channel replaced by its training mean
     *               over the whole window, in life units: negative when the channel pulls the estimate down
     */
    public record Driver(String channel, double effect) {}

    /** The most probable stage. */
    public String stage() {
        return stages.entrySet().stream()
                .max(Map.Entry.comparingByValue())
                .orElseThrow()
                .getKey();
    }
}

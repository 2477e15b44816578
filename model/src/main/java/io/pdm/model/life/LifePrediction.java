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
 * @param members how many adapters' estimates {@code rul} is the mean of: 1 for a base alone or one adapter
 * @param spread  standard deviation of the members' estimates around {@code rul} (population, life units); 0 for one
 */
public record LifePrediction(
        double rul,
        double lower,
        double upper,
        double level,
        String unit,
        Map<String, Double> stages,
        List<Driver> drivers,
        int members,
        double spread) {
    public LifePrediction {
        stages = Map.copyOf(stages);
        drivers = List.copyOf(drivers);
        if (members < 1) {
            throw new IllegalArgumentException("a prediction comes from at least one model, was " + members);
        }
    }

    /** One model's prediction (a base alone, or a base with one adapter). */
    public LifePrediction(
            double rul,
            double lower,
            double upper,
            double level,
            String unit,
            Map<String, Double> stages,
            List<Driver> drivers) {
        this(rul, lower, upper, level, unit, stages, drivers, 1, 0);
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

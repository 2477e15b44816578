package io.pdm.inference.policy;

import io.pdm.model.data.HealthStage;
import io.pdm.model.text.AlertFacts.LifeUnit;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One remaining-life prediction for an asset, as the scoring step produces it.
 *
 * @param rul          predicted remaining life in {@code unit}
 * @param lower        lower end of its interval (e.g. the 5 % quantile)
 * @param upper        upper end of its interval
 * @param failureModes probability of each failure mode (may be empty when the model has no such head)
 */
public record RemainingLifePrediction(
        Instant time,
        double rul,
        double lower,
        double upper,
        LifeUnit unit,
        HealthStage stage,
        Map<String, Double> failureModes) {
    public RemainingLifePrediction {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(stage, "stage");
        if (!Double.isFinite(rul) || !Double.isFinite(lower) || !Double.isFinite(upper)) {
            throw new IllegalArgumentException(
                    "prediction at " + time + " has a non-finite value: " + lower + " ≤ " + rul + " ≤ " + upper);
        }
        if (!(lower <= rul && rul <= upper)) {
            throw new IllegalArgumentException(
                    "prediction at " + time + ": interval [" + lower + ", " + upper + "] must contain " + rul);
        }
        failureModes = Map.copyOf(failureModes);
        failureModes.forEach((mode, p) -> {
            if (!(p >= 0 && p <= 1)) {
                throw new IllegalArgumentException(
                        "prediction at " + time + ": probability of " + mode + " must be in [0, 1], got " + p);
            }
        });
    }

    /** The most probable failure mode, or {@link Fingerprint#UNSPECIFIED} when there is none. */
    public String likeliestFailureMode() {
        return failureModes.entrySet().stream()
                .max(Map.Entry.<String, Double>comparingByValue().thenComparing(Map.Entry.comparingByKey()))
                .map(Map.Entry::getKey)
                .orElse(Fingerprint.UNSPECIFIED);
    }
}

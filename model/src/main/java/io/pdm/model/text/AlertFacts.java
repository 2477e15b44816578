package io.pdm.model.text;

import io.pdm.model.data.HealthStage;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * Everything an alert may say about one asset at one moment; {@link AlertPrompt} renders it as the
 * language model's input, and a generated alert is accepted only if its numbers come from here.
 *
 * @param rul         predicted remaining useful life with its uncertainty interval
 * @param trends      the sensors worth mentioning, most relevant first
 * @param similarLogs past maintenance on similar faults, most similar first
 */
public record AlertFacts(
        String plant,
        String asset,
        Instant timestamp,
        HealthStage stage,
        RulEstimate rul,
        List<SensorTrend> trends,
        List<PastMaintenance> similarLogs) {
    /** The unit of RUL and of trend slopes. */
    public enum LifeUnit {
        CYCLE("cycle", "cycles"),
        HOUR("hour", "hours");

        private final String singular;
        private final String plural;

        LifeUnit(String singular, String plural) {
            this.singular = singular;
            this.plural = plural;
        }

        public String singular() {
            return singular;
        }

        public String plural() {
            return plural;
        }
    }

    /** Predicted RUL and an interval around it, e.g. a 90% quantile range. */
    public record RulEstimate(double predicted, double lower, double upper, LifeUnit unit) {
        public RulEstimate {
            Objects.requireNonNull(unit, "unit");
            requireFinite(predicted, lower, upper);
            if (!(lower <= predicted && predicted <= upper)) {
                throw new IllegalArgumentException(
                        "RUL interval [" + lower + ", " + upper + "] must contain " + predicted);
            }
        }
    }

    /**
     * @param slope       change per {@link LifeUnit} of the alert's RUL
     * @param fleetZScore the last value's z-score against the same sensor across the fleet
     */
    public record SensorTrend(String sensor, double lastValue, double slope, double fleetZScore) {
        public SensorTrend {
            Objects.requireNonNull(sensor, "sensor");
            requireFinite(lastValue, slope, fleetZScore);
        }
    }

    /** A past maintenance log entry: when, what was done, and what the technician wrote. */
    public record PastMaintenance(LocalDate date, String action, String text) {
        public PastMaintenance {
            Objects.requireNonNull(date, "date");
            Objects.requireNonNull(action, "action");
            Objects.requireNonNull(text, "text");
        }
    }

    public AlertFacts {
        Objects.requireNonNull(plant, "plant");
        Objects.requireNonNull(asset, "asset");
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(rul, "rul");
        trends = List.copyOf(trends);
        similarLogs = List.copyOf(similarLogs);
    }

    private static void requireFinite(double... values) {
        for (double v : values) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("alert facts must be finite numbers, got " + v);
            }
        }
    }
}

package io.pdm.assets;

/**
 * Alert thresholds in the type's life unit.
 *
 * @param remainingLife warn and alarm when the predicted remaining life falls to these
 * @param healthStage   stage boundaries: healthy above {@code healthyAbove}, critical at or below
 *                      {@code degradingAbove}, degrading between
 * @param alertDelay    consecutive model steps before a remaining-life or stage alert raises, and clears (optional)
 * @param upperBoundBelow a remaining-life or stage alert also needs the interval's upper bound below this (life
 *                      units; optional, absent: the estimate alone): for a model whose estimate errs near its
 *                      boundary, an alert only once it is sure the asset left healthy running
 * @param minHistorySteps a remaining-life or stage alert needs at least this many real steps of the asset since it
 *                      was new, replaced or repaired (optional, absent: 0, no such rule). Below it the model's input
 *                      window is mostly padding and its estimate is not trusted for an alert: predictions are still
 *                      published (flagged short history), and the condition watch protects the asset meanwhile
 */
public record Thresholds(
        RemainingLife remainingLife,
        HealthStage healthStage,
        AlertDelay alertDelay,
        Double upperBoundBelow,
        Integer minHistorySteps) {
    public Thresholds {
        if (remainingLife == null || healthStage == null) {
            throw new IllegalArgumentException("remainingLife and healthStage are required");
        }
        if (alertDelay == null) alertDelay = AlertDelay.DEFAULT;
        if (upperBoundBelow != null && !(upperBoundBelow > 0 && Double.isFinite(upperBoundBelow))) {
            throw new IllegalArgumentException("upperBoundBelow must be positive, got " + upperBoundBelow);
        }
        if (minHistorySteps != null && minHistorySteps < 0) {
            throw new IllegalArgumentException("minHistorySteps must be 0 or more, got " + minHistorySteps);
        }
    }

    public Thresholds(
            RemainingLife remainingLife, HealthStage healthStage, AlertDelay alertDelay, Double upperBoundBelow) {
        this(remainingLife, healthStage, alertDelay, upperBoundBelow, null);
    }

    public Thresholds(RemainingLife remainingLife, HealthStage healthStage, AlertDelay alertDelay) {
        this(remainingLife, healthStage, alertDelay, null, null);
    }

    public Thresholds(RemainingLife remainingLife, HealthStage healthStage) {
        this(remainingLife, healthStage, AlertDelay.DEFAULT, null, null);
    }

    /**
     * On-delay and clear-delay of predictive alerts, in model steps: an estimate must call for the alert {@code on}
     * steps in a row before it is raised ({@code clear} in a row before it clears), so one noisy window does not alert.
     */
    public record AlertDelay(int on, int clear) {
        public static final AlertDelay DEFAULT = new AlertDelay(3, 3);

        public AlertDelay {
            if (on < 1 || clear < 1) {
                throw new IllegalArgumentException(
                        "alert delays must be at least 1 step, got on " + on + " and clear " + clear);
            }
        }
    }

    public record RemainingLife(double warning, double alarm) {
        public RemainingLife {
            if (!(alarm > 0 && warning > alarm)) {
                throw new IllegalArgumentException(
                        "need warning > alarm > 0, got warning " + warning + " and alarm " + alarm);
            }
        }
    }

    public record HealthStage(double healthyAbove, double degradingAbove) {
        public HealthStage {
            if (!(degradingAbove >= 0 && healthyAbove > degradingAbove)) {
                throw new IllegalArgumentException("need healthyAbove > degradingAbove >= 0, got healthyAbove "
                        + healthyAbove + " and degradingAbove " + degradingAbove);
            }
        }
    }
}

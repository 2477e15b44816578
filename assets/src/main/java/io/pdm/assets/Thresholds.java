package io.pdm.assets;

/**
 * Alert thresholds in the type's life unit.
 *
 * @param remainingLife warn and alarm when the predicted remaining life falls to these
 * @param healthStage   stage boundaries: healthy above {@code healthyAbove}, critical at or below
 *                      {@code degradingAbove}, degrading between
 */
public record Thresholds(RemainingLife remainingLife, HealthStage healthStage) {
    public Thresholds {
        if (remainingLife == null || healthStage == null) {
            throw new IllegalArgumentException("remainingLife and healthStage are required");
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

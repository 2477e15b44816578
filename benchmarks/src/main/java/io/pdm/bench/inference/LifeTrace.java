package io.pdm.bench.inference;

import java.util.Arrays;
import java.util.List;

/**
 * What replaying one life through the service's steps produced, step by step, beside the truth: the input for
 * {@link LifeMetrics}, kept apart from the replay so the metrics can be checked on constructed cases.
 *
 * @param truth       true remaining life at each step in life units, NaN when the life is censored with no known end
 * @param observed    life units observed after each step (a lower bound of the remaining life, known for every life)
 * @param rul         the model's estimate at each step, NaN where the step was not scored
 * @param lower       the interval's lower end, NaN where not scored
 * @param upper       the interval's upper end, NaN where not scored
 * @param alerts      every alert candidate the policy produced, in order
 * @param lifeLength  the life's length in life units (first step to failure), NaN when the failure time is unknown
 */
public record LifeTrace(
        String lifeId,
        String asset,
        double[] truth,
        double[] observed,
        double[] rul,
        double[] lower,
        double[] upper,
        List<Alert> alerts,
        double lifeLength) {

    /** One alert state change at a step (index into the life's steps). */
    public record Alert(int step, String kind, String state, String fingerprint, int severity) {
        public boolean raised() {
            return "RAISED".equals(state);
        }

        public boolean cleared() {
            return "CLEARED".equals(state);
        }

        /** Remaining-life or health-stage alerts: the ones that predict a failure. */
        public boolean predictive() {
            return "REMAINING_LIFE_LOW".equals(kind) || "HEALTH_STAGE".equals(kind);
        }
    }

    public LifeTrace {
        int n = truth.length;
        if (observed.length != n || rul.length != n || lower.length != n || upper.length != n) {
            throw new IllegalArgumentException(lifeId + ": per-step arrays differ in length");
        }
        truth = truth.clone();
        observed = observed.clone();
        rul = rul.clone();
        lower = lower.clone();
        upper = upper.clone();
        alerts = List.copyOf(alerts);
        for (Alert a : alerts) {
            if (a.step() < 0 || a.step() >= n) {
                throw new IllegalArgumentException(lifeId + ": alert at step " + a.step() + " of " + n);
            }
        }
    }

    public int steps() {
        return truth.length;
    }

    @Override
    public double[] truth() {
        return truth.clone();
    }

    @Override
    public double[] rul() {
        return rul.clone();
    }

    double truthAt(int i) {
        return truth[i];
    }

    double observedAt(int i) {
        return observed[i];
    }

    double rulAt(int i) {
        return rul[i];
    }

    double lowerAt(int i) {
        return lower[i];
    }

    double upperAt(int i) {
        return upper[i];
    }

    @Override
    public String toString() {
        return "LifeTrace[" + lifeId + ", " + steps() + " steps, " + alerts.size() + " alerts, truth at end "
                + (truth.length == 0 ? "-" : Arrays.toString(new double[] {truth[truth.length - 1]})) + "]";
    }
}

package io.pdm.bench.inference;

import java.util.HashSet;
import java.util.Set;

/**
 * The evaluation's definitions, per life. All in the asset type's life unit (cycles for C-MAPSS, hours for pumps).
 *
 * <ul>
 *   <li><b>Failure alert</b>: the first RAISED remaining-life or health-stage alert whose episode is not CLEARED
 *       before the life's last observed step, i.e. the warning a maintainer would still have in hand at failure.
 *       <b>Lead time</b> = the true remaining life at its step (failure time minus the alert's time), also as a share
 *       of the life's length.
 *   <li><b>Reached</b>: the observed part of the life goes below the type's warning threshold (true remaining life at
 *       the last step ≤ warning). Only a reached life can be <b>missed</b> (no failure alert). A C-MAPSS test engine
 *       whose observation stops earlier is not expected to be alerted and is counted as not reached.
 *   <li><b>Healthy running</b>: steps whose true remaining life is above the type's healthy boundary ({@code
 *       healthyAbove}); for a life with unknown end, steps observed to run longer than that boundary afterwards. A
 *       <b>false alert</b> is any RAISED alert (any kind, counted by kind) at a healthy step; the rate is per 1,000
 *       life units of healthy running.
 *   <li><b>Room for the on-delay</b>: a reached life whose observation goes on for at least {@code onDelay} steps with
 *       the true remaining life below the warning, so a perfect estimate would have raised the alert before the
 *       observation stops. A truncated C-MAPSS test engine that stops earlier is reached, and if unalerted missed, but
 *       no estimate that is not early could have alerted it; the report counts such misses apart.
 *   <li><b>Coverage</b>: on every scored step with known truth, whether the interval holds the true remaining life
 *       capped at the model's cap (the model cannot say more than its cap); also on steps with truth ≤ cap alone.
 * </ul>
 *
 * @param warning      the type's remaining-life warning threshold
 * @param healthyAbove the type's healthy boundary
 * @param cap          the base model's RUL cap
 * @param perStep      life units per step
 * @param onDelay      the policy's on-delay in steps (for the room a perfect estimate needs)
 * @param window       the base's input window in steps: a false alert raised at a step before the window is full
 *                     (the life's first {@code window - 1} steps, left-padded) is also counted apart, because the base
 *                     trains on windows padded at most half-way and every replayed life starts from an empty window
 */
public record LifeMetrics(double warning, double healthyAbove, double cap, double perStep, int onDelay, int window) {
    public LifeMetrics {
        if (onDelay < 1) throw new IllegalArgumentException("onDelay must be at least 1, got " + onDelay);
        if (window < 1) throw new IllegalArgumentException("window must be at least 1, got " + window);
    }

    /** A one-step window: no step counts as before the window filled. */
    public LifeMetrics(double warning, double healthyAbove, double cap, double perStep, int onDelay) {
        this(warning, healthyAbove, cap, perStep, onDelay, 1);
    }

    /** Without an on-delay: one step below the warning gives a perfect estimate room. */
    public LifeMetrics(double warning, double healthyAbove, double cap, double perStep) {
        this(warning, healthyAbove, cap, perStep, 1, 1);
    }

    /** One life's figures. Lead fields are NaN when there is no failure alert. */
    public record Result(
            String lifeId,
            int steps,
            double lifeLength,
            boolean reached,
            boolean room,
            boolean alerted,
            int alertStep,
            double lead,
            double leadShare,
            int falsePredictive,
            int falseCondition,
            int falseBeforeFull,
            double healthyExposure,
            int scoredWithTruth,
            int covered,
            int scoredBelowCap,
            int coveredBelowCap) {
        public boolean missed() {
            return reached && !alerted;
        }
    }

    public Result of(LifeTrace t) {
        int n = t.steps();
        double endTruth = t.truthAt(n - 1);
        boolean reached = !Double.isNaN(endTruth) && endTruth <= warning;
        int below = 0;
        for (int i = 0; i < n; i++) {
            if (t.truthAt(i) < warning) below++; // the policy's test: an estimate strictly below the warning
        }
        boolean room = reached && below >= onDelay;
        int alertStep = failureAlertStep(t);
        double lead = alertStep < 0 ? Double.NaN : t.truthAt(alertStep);
        double share = Double.isNaN(lead) || !(t.lifeLength() > 0) ? Double.NaN : lead / t.lifeLength();
        int falsePredictive = 0, falseCondition = 0, falseBeforeFull = 0;
        for (LifeTrace.Alert a : t.alerts()) {
            if (a.raised() && healthy(t, a.step())) {
                if (a.predictive()) falsePredictive++;
                else falseCondition++;
                if (a.step() < window - 1) falseBeforeFull++;
            }
        }
        double exposure = 0;
        int scored = 0, covered = 0, scoredBelow = 0, coveredBelow = 0;
        for (int i = 0; i < n; i++) {
            if (healthy(t, i)) exposure += perStep;
            double truth = t.truthAt(i);
            if (Double.isNaN(t.rulAt(i)) || Double.isNaN(truth)) continue;
            boolean in = t.lowerAt(i) <= Math.min(truth, cap) && Math.min(truth, cap) <= t.upperAt(i);
            scored++;
            if (in) covered++;
            if (truth <= cap) {
                scoredBelow++;
                if (in) coveredBelow++;
            }
        }
        return new Result(
                t.lifeId(),
                n,
                t.lifeLength(),
                reached,
                room,
                alertStep >= 0 && !Double.isNaN(lead),
                alertStep,
                lead,
                share,
                falsePredictive,
                falseCondition,
                falseBeforeFull,
                exposure,
                scored,
                covered,
                scoredBelow,
                coveredBelow);
    }

    private boolean healthy(LifeTrace t, int i) {
        double truth = t.truthAt(i);
        return Double.isNaN(truth) ? t.observedAt(i) > healthyAbove : truth > healthyAbove;
    }

    /** The step of the first RAISED predictive alert whose fingerprint is not cleared later; -1 if none. */
    static int failureAlertStep(LifeTrace t) {
        Set<String> clearedLater = new HashSet<>();
        int first = -1;
        var alerts = t.alerts();
        for (int j = alerts.size() - 1; j >= 0; j--) {
            LifeTrace.Alert a = alerts.get(j);
            if (!a.predictive()) continue;
            if (a.cleared()) {
                clearedLater.add(a.fingerprint());
            } else if (a.raised()) {
                if (!clearedLater.contains(a.fingerprint())) first = a.step();
                clearedLater.remove(a.fingerprint()); // an earlier episode of it ended before this one began
            }
        }
        return first;
    }
}

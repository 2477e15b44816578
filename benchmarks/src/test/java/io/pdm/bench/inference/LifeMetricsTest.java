package io.pdm.bench.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The evaluation's definitions on constructed lives whose answers are known by hand. */
class LifeMetricsTest {
    /** C-MAPSS-like: warning 50, healthy above 80, cap 120, one cycle per step. */
    static final LifeMetrics METRICS = new LifeMetrics(50, 80, 120, 1);

    /** A failed life of {@code length} cycles (last step fails: truth 0), a perfect model with a ±5 interval. */
    static LifeTrace life(int length, List<LifeTrace.Alert> alerts) {
        double[] truth = new double[length];
        double[] rul = new double[length];
        double[] lower = new double[length];
        double[] upper = new double[length];
        for (int i = 0; i < length; i++) {
            truth[i] = length - 1 - i;
            rul[i] = Math.min(truth[i], 120);
            lower[i] = rul[i] - 5;
            upper[i] = rul[i] + 5;
        }
        return new LifeTrace("l", "a", truth, truth, rul, lower, upper, alerts, length);
    }

    static LifeTrace.Alert alert(int step, String kind, String state, String fingerprint) {
        return new LifeTrace.Alert(step, kind, state, fingerprint, 600);
    }

    @Test
    void anAlertAtStepKOfALifeOfLengthLLeadsByLMinusK() {
        int length = 200, k = 160; // 1-based step 160 → index 159
        LifeMetrics.Result r = METRICS.of(life(length, List.of(alert(k - 1, "REMAINING_LIFE_LOW", "RAISED", "f1"))));

        assertThat(r.reached()).isTrue();
        assertThat(r.alerted()).isTrue();
        assertThat(r.missed()).isFalse();
        assertThat(r.lead()).isEqualTo(length - k);
        assertThat(r.leadShare()).isCloseTo((double) (length - k) / length, within(1e-12));
        assertThat(r.falsePredictive() + r.falseCondition()).isZero(); // truth 40 at the alert: not healthy
    }

    @Test
    void anEpisodeClearedBeforeTheEndIsNotTheFailureAlert() {
        LifeMetrics.Result r = METRICS.of(life(
                200,
                List.of(
                        alert(100, "REMAINING_LIFE_LOW", "RAISED", "f1"), // truth 99: healthy, a false alert
                        alert(110, "REMAINING_LIFE_LOW", "CLEARED", "f1"),
                        alert(170, "REMAINING_LIFE_LOW", "RAISED", "f1"),
                        alert(175, "HEALTH_STAGE", "RAISED", "f2"))));

        assertThat(r.alertStep()).isEqualTo(170);
        assertThat(r.lead()).isEqualTo(29);
        assertThat(r.falsePredictive()).isEqualTo(1);
    }

    @Test
    void falseAlertsAreRaisedAlertsOfAnyKindInHealthyRunningPerItsLength() {
        LifeMetrics.Result r = METRICS.of(life(
                200,
                List.of(
                        alert(10, "CONDITION_CHANGE", "RAISED", "c1"),
                        alert(12, "CONDITION_CHANGE", "UPDATED", "c1"),
                        alert(20, "CONDITION_CHANGE", "CLEARED", "c1"),
                        alert(150, "CONDITION_LIMIT", "RAISED", "c2")))); // truth 49: not healthy

        assertThat(r.falseCondition()).isEqualTo(1);
        assertThat(r.falsePredictive()).isZero();
        // truth 199 … 81 are healthy (> 80): 119 steps of one cycle
        assertThat(r.healthyExposure()).isEqualTo(119);
        assertThat(r.missed()).isTrue(); // reached (ends at truth 0) and no predictive alert
    }

    @Test
    void coverageComparesTheIntervalWithTheTruthCappedAtTheModelsCap() {
        LifeTrace t = life(200, List.of());
        LifeMetrics.Result r = METRICS.of(t);
        // the perfect capped model covers every step, including truth 121…199 against the cap
        assertThat(r.scoredWithTruth()).isEqualTo(200);
        assertThat(r.covered()).isEqualTo(200);
        assertThat(r.scoredBelowCap()).isEqualTo(121);

        double[] rul = t.rul();
        double[] shifted = Arrays.stream(rul).map(v -> v + 10).toArray(); // off by 10 > the half-width 5
        LifeTrace off = new LifeTrace(
                "l",
                "a",
                t.truth(),
                t.truth(),
                shifted,
                Arrays.stream(shifted).map(v -> v - 5).toArray(),
                Arrays.stream(shifted).map(v -> v + 5).toArray(),
                List.of(),
                200);
        assertThat(METRICS.of(off).covered()).isZero();
    }

    @Test
    void aCensoredLifeThatStopsAboveTheWarningIsNotReachedSoNotMissed() {
        // a test engine observed for 100 cycles with 120 cycles left: truth 219 … 120
        double[] truth = new double[100];
        for (int i = 0; i < 100; i++) truth[i] = 219 - i;
        double[] nan = new double[100];
        Arrays.fill(nan, Double.NaN);
        LifeMetrics.Result r = METRICS.of(new LifeTrace("t", "a", truth, truth, nan, nan, nan, List.of(), 220));

        assertThat(r.reached()).isFalse();
        assertThat(r.missed()).isFalse();
        assertThat(r.healthyExposure()).isEqualTo(100);
        assertThat(r.scoredWithTruth()).isZero();
    }

    @Test
    void aTestEngineThatStopsBeforeTheOnDelayCouldElapseIsMissedWithoutRoom() {
        LifeMetrics onDelay8 = new LifeMetrics(50, 80, 120, 1, 8);
        // observed until truth 50 (C-MAPSS test_FD001/38, /72): never below the warning
        LifeMetrics.Result atWarning = onDelay8.of(truncated(100, 50));
        assertThat(atWarning.reached()).isTrue();
        assertThat(atWarning.missed()).isTrue();
        assertThat(atWarning.room()).isFalse();
        // until truth 43: 7 steps below 50, one short of the on-delay
        assertThat(onDelay8.of(truncated(100, 43)).room()).isFalse();
        // until truth 42: 8 steps (49 … 42), a perfect estimate raises at the last observed step
        assertThat(onDelay8.of(truncated(100, 42)).room()).isTrue();
        // without an on-delay one step below the warning is room
        assertThat(METRICS.of(truncated(100, 49)).room()).isTrue();
        assertThatThrownBy(() -> new LifeMetrics(50, 80, 120, 1, 0)).hasMessageContaining("onDelay must be at least 1");
    }

    @Test
    void falseAlertsBeforeTheWindowFilledAreCountedApart() {
        // window 50: steps 0 … 48 are left-padded; a false alert at index 10 is before, one at index 60 after
        LifeMetrics window50 = new LifeMetrics(50, 80, 120, 1, 8, 50);
        LifeMetrics.Result r = window50.of(life(
                200,
                List.of(
                        alert(10, "REMAINING_LIFE_LOW", "RAISED", "f1"),
                        alert(20, "REMAINING_LIFE_LOW", "CLEARED", "f1"),
                        alert(60, "HEALTH_STAGE", "RAISED", "f2"))));
        assertThat(r.falsePredictive()).isEqualTo(2);
        assertThat(r.falseBeforeFull()).isEqualTo(1);
        assertThat(METRICS.of(life(200, List.of(alert(0, "HEALTH_STAGE", "RAISED", "f"))))
                        .falseBeforeFull())
                .isZero(); // a one-step window is full at once
    }

    /** A test engine observed for {@code steps} cycles whose observation stops with {@code left} cycles to go. */
    static LifeTrace truncated(int steps, int left) {
        double[] truth = new double[steps];
        for (int i = 0; i < steps; i++) truth[i] = left + steps - 1 - i;
        double[] nan = new double[steps];
        Arrays.fill(nan, Double.NaN);
        return new LifeTrace("t", "a", truth, truth, nan, nan, nan, List.of(), left + steps);
    }

    @Test
    void anAlertOutsideTheLifeIsRefused() {
        assertThatThrownBy(() -> life(10, List.of(alert(10, "HEALTH_STAGE", "RAISED", "f"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("alert at step 10 of 10");
    }
}

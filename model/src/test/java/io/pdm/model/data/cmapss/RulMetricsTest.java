package io.pdm.model.data.cmapss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class RulMetricsTest {
    @Test
    void rmseOfHandComputedErrors() {
        // errors 3, -4, 0, 0 → sqrt((9 + 16) / 4) = 2.5
        assertThat(RulMetrics.rmse(new float[] {13, 16, 50, 7}, new float[] {10, 20, 50, 7}))
                .isCloseTo(2.5, within(1e-12));
    }

    @Test
    void phm08PenalisesLatePredictionsMore() {
        double e = Math.E;
        assertThat(RulMetrics.phm08Score(new float[] {87}, new float[] {100})).isCloseTo(e - 1, within(1e-12));
        assertThat(RulMetrics.phm08Score(new float[] {110}, new float[] {100})).isCloseTo(e - 1, within(1e-12));
        assertThat(RulMetrics.phm08Score(new float[] {100, 120}, new float[] {100, 100}))
                .isCloseTo(e * e - 1, within(1e-12));
        assertThat(RulMetrics.phm08Score(new float[] {90}, new float[] {100}))
                .isLessThan(RulMetrics.phm08Score(new float[] {110}, new float[] {100}));
    }

    @Test
    void evaluationCombinesBoth() {
        RulEvaluation evaluation = RulMetrics.evaluate("FD001", new float[] {87, 110}, new float[] {100, 100});

        assertThat(evaluation.count()).isEqualTo(2);
        assertThat(evaluation.rmse()).isCloseTo(Math.sqrt((169 + 100) / 2.0), within(1e-12));
        assertThat(evaluation.score()).isCloseTo(2 * (Math.E - 1), within(1e-12));
        assertThat(evaluation).hasToString("FD001: 2 engines, RMSE 11.60, score 3.4");
    }

    @Test
    void rejectsMismatchedLengths() {
        assertThatThrownBy(() -> RulMetrics.rmse(new float[] {1}, new float[] {1, 2}))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

package io.pdm.model.life;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ConformalIntervalTest {

    @Test
    void theQuantileIsTheFiniteSampleConformalOne() {
        // n = 9, level 0.9: the ceil(10 · 0.9) = 9th smallest residual.
        double[] residuals = {1, 2, 3, 4, 5, 6, 7, 8, 9};
        assertThat(ConformalInterval.quantile(residuals, 0.9)).isEqualTo(9);
        assertThat(ConformalInterval.quantile(residuals, 0.5)).isEqualTo(5);
    }

    @Test
    void coversTheNominalShareOfFreshDataPerBinOfPredictedLife() {
        SplittableRandom random = new SplittableRandom(3);
        float[][] calibration = draw(random, 4000);
        ConformalInterval interval = ConformalInterval.fit(calibration[0], calibration[1], 0.9, 4, 100);
        float[][] fresh = draw(random, 4000);

        int inside = 0;
        for (int i = 0; i < fresh[0].length; i++) {
            double p = fresh[0][i];
            inside += fresh[1][i] >= interval.lower(p) && fresh[1][i] <= interval.upper(p) ? 1 : 0;
        }
        assertThat(inside / 4000.0).isBetween(0.88, 0.93);
        // The error grows with the horizon, so the far bin's interval is wider than the near one's.
        assertThat(interval.halfWidth(90)).isGreaterThan(2 * interval.halfWidth(10));
        assertThat(interval.lower(1)).isZero();
    }

    /** Predictions 0–100 with noise proportional to the prediction. */
    private static float[][] draw(SplittableRandom random, int n) {
        float[] predicted = new float[n];
        float[] truth = new float[n];
        for (int i = 0; i < n; i++) {
            predicted[i] = (float) (100 * random.nextDouble());
            truth[i] = (float) (predicted[i] + (1 + 0.2 * predicted[i]) * random.nextGaussian());
        }
        return new float[][] {predicted, truth};
    }
}

package io.pdm.bench.federated;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DpCalibrationTest {

    @Test
    void chosenNoiseMultiplierIsTheSmallestThatMeetsTheTarget() {
        double z = DpCalibration.noiseMultiplier(4, 1e-5, 5, 1.0, 1);

        assertThat(DpCalibration.epsilon(z, 1e-5, 5, 1.0, 1))
                .isLessThanOrEqualTo(4)
                .isGreaterThan(3.99);
        assertThat(DpCalibration.epsilon(z * 0.99, 1e-5, 5, 1.0, 1)).isGreaterThan(4);
    }

    @Test
    void smallerEpsilonNeedsMoreNoise() {
        assertThat(DpCalibration.noiseMultiplier(1, 1e-5, 5, 1.0, 1))
                .isGreaterThan(DpCalibration.noiseMultiplier(8, 1e-5, 5, 1.0, 1));
    }

    /**
     * The bench's DP-SGD setting: 5 rounds of 30 steps of 64 windows, on the smallest plant (FD001's private engines,
     * 13,851 windows at a 20 % OEM share, as the bench prints; fewer windows mean a larger q, the harder case).
     */
    @ParameterizedTest
    @ValueSource(doubles = {1, 4, 8})
    void dpSgdNoiseForTheBenchSettingsStaysWithinTheTarget(double target) {
        double q = 64.0 / 13_851;
        double z = DpCalibration.noiseMultiplier(target, 1e-5, 5, q, 30);

        assertThat(DpCalibration.epsilon(z, 1e-5, 5, q, 30))
                .isLessThanOrEqualTo(target)
                .isGreaterThan(0.99 * target);
        // Subsampling amplifies privacy: far less noise than a mechanism that sees every window in every step.
        assertThat(z).isLessThan(DpCalibration.noiseMultiplier(target, 1e-5, 5, 1.0, 30));
    }
}

package io.pdm.federated.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DpCalibrationTest {

    @Test
    void chosenNoiseMultiplierIsTheSmallestThatMeetsTheTarget() {
        double z = DpCalibration.noiseMultiplier(4, 1e-5, 5, 1.0);

        assertThat(DpCalibration.epsilon(z, 1e-5, 5, 1.0)).isLessThanOrEqualTo(4).isGreaterThan(3.99);
        assertThat(DpCalibration.epsilon(z * 0.99, 1e-5, 5, 1.0)).isGreaterThan(4);
    }

    @Test
    void smallerEpsilonNeedsMoreNoise() {
        assertThat(DpCalibration.noiseMultiplier(1, 1e-5, 5, 1.0)).isGreaterThan(DpCalibration.noiseMultiplier(8, 1e-5, 5, 1.0));
    }
}

package io.pdm.federated.dp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class GaussianDeltaMechanismTest {

    @Test
    void clipsLongDeltasToTheClipNormAndLeavesShortOnesAlone() {
        GaussianDeltaMechanism mechanism = new GaussianDeltaMechanism(1.0, 0);

        assertThat(mechanism.clip(new float[] {3, 4})).containsExactly(0.6f, 0.8f);
        assertThat(mechanism.clip(new float[] {0.3f, 0.4f})).containsExactly(0.3f, 0.4f);
    }

    @Test
    void noiseHasStandardDeviationNoiseMultiplierTimesClipNorm() {
        GaussianDeltaMechanism mechanism = new GaussianDeltaMechanism(0.5, 2.0); // sigma = 1.0
        float[] zeros = new float[200_000];

        float[] noisy = mechanism.privatize(zeros, new SplittableRandom(1));

        double sumOfSquares = 0;
        double sum = 0;
        for (float value : noisy) {
            sum += value;
            sumOfSquares += value * value;
        }
        double mean = sum / noisy.length;
        assertThat(mean).isCloseTo(0, within(0.01));
        assertThat(Math.sqrt(sumOfSquares / noisy.length - mean * mean)).isCloseTo(1.0, within(0.01));
    }

    @Test
    void seededGeneratorsReproduceAndTheInputIsUntouched() {
        GaussianDeltaMechanism mechanism = new GaussianDeltaMechanism(1.0, 1.1);
        float[] delta = {3, 4, 0};

        float[] first = mechanism.privatize(delta, new SplittableRandom(42));
        float[] second = mechanism.privatize(delta, new SplittableRandom(42));

        assertThat(first).containsExactly(second);
        assertThat(first).isNotEqualTo(mechanism.clip(delta));
        assertThat(delta).containsExactly(3f, 4f, 0f);
    }
}

package io.pdm.federated.plant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pdm.federated.TinyAdapters;
import io.pdm.model.lora.PeftAdapter;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RoundAveragingTest {

    @Test
    void theServedAdapterIsTheElementWiseMeanOfTheKVersions() {
        SplittableRandom random = new SplittableRandom(3);
        List<PeftAdapter> versions = new ArrayList<>();
        for (int k = 0; k < 5; k++) {
            float[] values = new float[16];
            for (int i = 0; i < values.length; i++) {
                values[i] = (float) random.nextGaussian();
            }
            versions.add(new PeftAdapter(
                    TinyAdapters.config(), TinyAdapters.weights(0).unflatten(values)));
        }

        float[] served = RoundAveraging.mean(versions).weights().flatten();

        for (int i = 0; i < served.length; i++) {
            double sum = 0;
            for (PeftAdapter version : versions) {
                sum += version.weights().flatten()[i];
            }
            assertThat(served[i])
                    .isCloseTo((float) (sum / versions.size()), org.assertj.core.data.Offset.offset(Math.ulp((float)
                            (sum / versions.size()))));
        }
        assertThat(RoundAveraging.mean(versions).config())
                .isEqualTo(versions.get(4).config());
        assertThat(RoundAveraging.mean(versions.subList(2, 3))).isEqualTo(versions.get(2));
    }

    @Test
    void theLastKVersionsLeaveOutTheSeed() {
        assertThat(RoundAveraging.versions(20, 5)).containsExactly(16L, 17L, 18L, 19L, 20L);
        assertThat(RoundAveraging.versions(3, 5)).containsExactly(1L, 2L, 3L);
        assertThat(RoundAveraging.versions(0, 5)).containsExactly(0L);
        assertThat(RoundAveraging.versions(7, 1)).containsExactly(7L);
        assertThatThrownBy(() -> RoundAveraging.versions(7, 0)).hasMessageContaining("k must be >= 1");
    }

    @Test
    void adaptersOfAnotherLayoutAreRefused() {
        PeftAdapter tiny = TinyAdapters.seed();
        PeftAdapter other = new PeftAdapter(
                TinyAdapters.config(), TinyAdapters.weights(0).filter(name -> !name.equals(TinyAdapters.HEAD)));
        assertThatThrownBy(() -> RoundAveraging.mean(List.of(tiny, other)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

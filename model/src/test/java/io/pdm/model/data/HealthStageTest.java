package io.pdm.model.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HealthStageTest {
    @Test
    void healthStagesFollowTheDefaultThresholds() {
        assertThat(HealthStage.of(125)).isEqualTo(HealthStage.HEALTHY);
        assertThat(HealthStage.of(80.5)).isEqualTo(HealthStage.HEALTHY);
        assertThat(HealthStage.of(80)).isEqualTo(HealthStage.DEGRADING);
        assertThat(HealthStage.of(31)).isEqualTo(HealthStage.DEGRADING);
        assertThat(HealthStage.of(30)).isEqualTo(HealthStage.CRITICAL);
        assertThat(HealthStage.labels(new float[] {100, 50, 0}, new HealthStage.Thresholds(60, 10)))
                .containsExactly(0, 1, 2);
    }

    @Test
    void thresholdsMustBeOrdered() {
        assertThatThrownBy(() -> new HealthStage.Thresholds(30, 80)).isInstanceOf(IllegalArgumentException.class);
    }
}

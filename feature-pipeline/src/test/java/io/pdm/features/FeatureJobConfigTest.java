package io.pdm.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FeatureJobConfigTest {
    @Test
    void argsOverrideEnvOverrideDefaults() {
        FeatureJobConfig c = FeatureJobConfig.fromArgs(
                new String[] {"--plant", "plant-a", "--window-size=2m", "--window-slide", "30s", "--bands", "16"},
                Map.of("PDM_FEATURES_BOOTSTRAP", "kafka:9092", "PDM_FEATURES_WINDOW_SIZE", "10s",
                        "PDM_FEATURES_ALLOWED_LATENESS", "PT1M"));
        assertThat(c.bootstrapServers()).isEqualTo("kafka:9092");
        assertThat(c.windowSize()).isEqualTo(Duration.ofMinutes(2));
        assertThat(c.windowSlide()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.allowedLateness()).isEqualTo(Duration.ofMinutes(1));
        assertThat(c.bands()).isEqualTo(16);
        assertThat(c.groupId()).isEqualTo("pdm-features-plant-a");
        assertThat(c.tumbling()).isFalse();
    }

    @Test
    void rejectsBadSettings() {
        assertThatThrownBy(() -> FeatureJobConfig.fromArgs(new String[] {"--window-size", "1m"}, Map.of()))
                .hasMessageContaining("plant");
        assertThatThrownBy(() -> FeatureJobConfig.defaults("plant-a", "k:9092").withWindow(Duration.ofSeconds(10), Duration.ofSeconds(20)))
                .hasMessageContaining("windowSlide");
        assertThatThrownBy(() -> FeatureJobConfig.defaults("Plant A!", "k:9092")).isInstanceOf(IllegalArgumentException.class);
    }
}

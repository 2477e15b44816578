package io.pdm.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.util.ParameterTool;
import org.junit.jupiter.api.Test;

class FeatureJobConfigTest {
    final List<String> warnings = new ArrayList<>();

    ParameterTool params(String[] args, Map<String, String> env, Map<String, String> props) {
        return FeatureJobConfig.parameters(args, env, props, warnings::add);
    }

    @Test
    void argsOverrideEnvOverrideDefaults() {
        FeatureJobConfig c = FeatureJobConfig.fromArgs(
                new String[] {"--plant", "plant-a", "--window-size=2m", "--window-slide", "30s", "--bands", "16"},
                Map.of(
                        "PDM_FEATURES_BOOTSTRAP",
                        "kafka:9092",
                        "PDM_FEATURES_WINDOW_SIZE",
                        "10s",
                        "PDM_FEATURES_ALLOWED_LATENESS",
                        "PT1M"));
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
        assertThatThrownBy(() -> FeatureJobConfig.defaults("plant-a", "k:9092")
                        .withWindow(Duration.ofSeconds(10), Duration.ofSeconds(20)))
                .hasMessageContaining("windowSlide");
        assertThatThrownBy(() -> FeatureJobConfig.defaults("Plant A!", "k:9092"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FeatureJobConfig.fromArgs(new String[] {"--plant", "plant-a", "--bands"}, Map.of()))
                .hasMessage("missing value for --bands");
        assertThatThrownBy(() -> FeatureJobConfig.fromArgs(new String[] {"plant-a"}, Map.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void everyKeyParsesAsBefore() {
        ParameterTool p = params(
                new String[] {
                    "--plant",
                    "plant-b",
                    "--kafka",
                    "k1:9092,k2:9092",
                    "--jdbc=jdbc:postgresql://db:5432/pdm?user=u&password=p=q",
                    "--group-id",
                    "g",
                    "--window-size",
                    "5 min",
                    "--window-slide",
                    "60",
                    "--max-out-of-orderness",
                    "500ms",
                    "--idleness",
                    "PT2M",
                    "--allowed-lateness",
                    "0",
                    "--checkpoint-interval",
                    "2h",
                    "--ewma-alpha",
                    "0.5",
                    "--bands",
                    "4",
                    "--maintenance-retention",
                    "30d",
                    "--parallelism",
                    "3"
                },
                Map.of(),
                Map.of());
        FeatureJobConfig c = FeatureJobConfig.from(p);
        assertThat(p.get("jdbc")).isEqualTo("jdbc:postgresql://db:5432/pdm?user=u&password=p=q");
        assertThat(c)
                .isEqualTo(new FeatureJobConfig(
                        "plant-b",
                        "k1:9092,k2:9092",
                        "g",
                        Duration.ofMinutes(5),
                        Duration.ofSeconds(60),
                        Duration.ofMillis(500),
                        Duration.ofMinutes(2),
                        Duration.ZERO,
                        Duration.ofHours(2),
                        0.5,
                        4,
                        Duration.ofDays(30),
                        3));
        assertThat(warnings).isEmpty();
    }

    @Test
    void defaultsWhenOnlyThePlantIsGiven() {
        FeatureJobConfig c = FeatureJobConfig.from(params(new String[] {"--plant", "plant-a"}, Map.of(), Map.of()));
        assertThat(c).isEqualTo(FeatureJobConfig.defaults("plant-a", "127.0.0.1:9092"));
    }

    @Test
    void canonicalNamesFromEnvironmentAndProperties() {
        ParameterTool p = params(
                new String[0],
                Map.of(
                        "PDM_PLANT",
                        "plant-a",
                        "PDM_KAFKA",
                        "env:9092",
                        "PDM_JDBC",
                        "jdbc:postgresql://env/pdm",
                        "PDM_FEATURES_WINDOW_SIZE",
                        "30s"),
                Map.of("pdm.kafka", "prop:9092", "pdm.features.bands", "12"));
        FeatureJobConfig c = FeatureJobConfig.from(p);
        assertThat(c.plant()).isEqualTo("plant-a");
        assertThat(c.bootstrapServers()).isEqualTo("prop:9092"); // a system property beats the environment
        assertThat(c.windowSize()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.bands()).isEqualTo(12);
        assertThat(p.get("jdbc")).isEqualTo("jdbc:postgresql://env/pdm");
        assertThat(warnings).isEmpty();
    }

    @Test
    void deprecatedNamesStillWorkAndWarn() {
        ParameterTool p = params(
                new String[] {"--bootstrap", "old:9092"},
                Map.of("PDM_FEATURES_PLANT", "plant-a", "PDM_FEATURES_JDBC", "jdbc:postgresql://old/pdm"),
                Map.of());
        assertThat(FeatureJobConfig.from(p).bootstrapServers()).isEqualTo("old:9092");
        assertThat(FeatureJobConfig.from(p).plant()).isEqualTo("plant-a");
        assertThat(p.get("jdbc")).isEqualTo("jdbc:postgresql://old/pdm");
        assertThat(warnings)
                .containsExactlyInAnyOrder(
                        "warning: --bootstrap is deprecated and will be removed in the next release; use --kafka",
                        "warning: PDM_FEATURES_PLANT is deprecated and will be removed in the next release; use PDM_PLANT",
                        "warning: PDM_FEATURES_JDBC is deprecated and will be removed in the next release; use PDM_JDBC");
    }

    @Test
    void canonicalNameWinsOverDeprecatedOne() {
        FeatureJobConfig c = FeatureJobConfig.from(params(
                new String[] {"--plant", "plant-a", "--bootstrap", "old:9092", "--kafka", "new:9092"},
                Map.of("PDM_FEATURES_BOOTSTRAP", "old-env:9092", "PDM_KAFKA", "new-env:9092"),
                Map.of()));
        assertThat(c.bootstrapServers()).isEqualTo("new:9092");
        FeatureJobConfig fromEnv = FeatureJobConfig.from(params(
                new String[] {"--plant", "plant-a"},
                Map.of("PDM_FEATURES_BOOTSTRAP", "old-env:9092", "PDM_KAFKA", "new-env:9092"),
                Map.of()));
        assertThat(fromEnv.bootstrapServers()).isEqualTo("new-env:9092");
        assertThat(warnings)
                .contains(
                        "warning: PDM_FEATURES_BOOTSTRAP is deprecated and will be removed in the next release; use PDM_KAFKA");
    }

    @Test
    void durationsAsUsersTypeThem() {
        assertThat(FeatureJobConfig.parseDuration("60s")).isEqualTo(Duration.ofSeconds(60));
        assertThat(FeatureJobConfig.parseDuration("5m")).isEqualTo(Duration.ofMinutes(5));
        assertThat(FeatureJobConfig.parseDuration("5 min")).isEqualTo(Duration.ofMinutes(5));
        assertThat(FeatureJobConfig.parseDuration("2h")).isEqualTo(Duration.ofHours(2));
        assertThat(FeatureJobConfig.parseDuration("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(FeatureJobConfig.parseDuration("30d")).isEqualTo(Duration.ofDays(30));
        assertThat(FeatureJobConfig.parseDuration("PT1M")).isEqualTo(Duration.ofMinutes(1));
        assertThat(FeatureJobConfig.parseDuration("pt10s")).isEqualTo(Duration.ofSeconds(10));
        assertThat(FeatureJobConfig.parseDuration(" 10 ")).isEqualTo(Duration.ofSeconds(10));
        assertThatThrownBy(() -> FeatureJobConfig.parseDuration("soon")).isInstanceOf(IllegalArgumentException.class);
    }
}

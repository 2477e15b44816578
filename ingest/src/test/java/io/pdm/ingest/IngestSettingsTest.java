package io.pdm.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IngestSettingsTest {
    final List<String> warnings = new ArrayList<>();

    IngestConfig config(Map<String, String> env, Map<String, String> props) {
        return IngestSettings.from(env, props, warnings::add)
                .applyTo(IngestConfig.builder())
                .build();
    }

    @Test
    void nothingSetKeepsTheDefaults() {
        IngestConfig c = config(Map.of("PATH", "/usr/bin"), Map.of("java.version", "17"));
        assertThat(c.mqttUrl()).isEqualTo("tcp://127.0.0.1:1883");
        assertThat(c.kafkaBootstrap()).isEqualTo("127.0.0.1:9092");
        assertThat(c.restPort()).isEqualTo(8080);
        assertThat(c.restAddress()).isEqualTo("0.0.0.0");
        assertThat(c.plants()).isEmpty();
        assertThat(c.connections()).isEqualTo(2);
        assertThat(c.clientIdPrefix()).isEqualTo("pdm-ingest");
        assertThat(warnings).isEmpty();
    }

    @Test
    void canonicalEnvironmentVariablesBind() {
        IngestConfig c = config(
                Map.of(
                        "PDM_MQTT",
                        "tcp://broker:1883",
                        "PDM_KAFKA",
                        "kafka:9092",
                        "PDM_REST_PORT",
                        "9000",
                        "PDM_PLANT",
                        "plant-a,plant-b",
                        "PDM_INGEST_CONNECTIONS",
                        "4",
                        "PDM_INGEST_CLIENT_ID_PREFIX",
                        "ingest-1",
                        "PDM_BIND",
                        "127.0.0.1"),
                Map.of());
        assertThat(c.mqttUrl()).isEqualTo("tcp://broker:1883");
        assertThat(c.kafkaBootstrap()).isEqualTo("kafka:9092");
        assertThat(c.restPort()).isEqualTo(9000);
        assertThat(c.plants()).containsExactly("plant-a", "plant-b");
        assertThat(c.connections()).isEqualTo(4);
        assertThat(c.clientIdPrefix()).isEqualTo("ingest-1");
        assertThat(c.restAddress()).isEqualTo("127.0.0.1");
        assertThat(warnings).isEmpty();
    }

    @Test
    void systemPropertiesWinOverTheEnvironment() {
        IngestConfig c = config(
                Map.of("PDM_KAFKA", "from-env:9092", "PDM_REST_PORT", "9000"),
                Map.of("pdm.kafka", "from-prop:9092", "pdm.ingest.connections", "3"));
        assertThat(c.kafkaBootstrap()).isEqualTo("from-prop:9092");
        assertThat(c.restPort()).isEqualTo(9000);
        assertThat(c.connections()).isEqualTo(3);
    }

    @Test
    void deprecatedNamesStillWorkAndWarn() {
        IngestConfig c = config(
                Map.of(
                        "PDM_INGEST_MQTT_URL",
                        "tcp://old:1883",
                        "PDM_INGEST_REST_PORT",
                        "9001",
                        "PDM_INGEST_PLANTS",
                        "plant-x",
                        "PDM_INGEST_CLIENT_ID",
                        "old-prefix"),
                Map.of("pdm.ingest.kafka-bootstrap", "old:9092"));
        assertThat(c.mqttUrl()).isEqualTo("tcp://old:1883");
        assertThat(c.kafkaBootstrap()).isEqualTo("old:9092");
        assertThat(c.restPort()).isEqualTo(9001);
        assertThat(c.plants()).containsExactly("plant-x");
        assertThat(c.clientIdPrefix()).isEqualTo("old-prefix");
        assertThat(warnings)
                .hasSize(5)
                .contains(
                        "warning: PDM_INGEST_MQTT_URL is deprecated and will be removed in the next release; use PDM_MQTT",
                        "warning: pdm.ingest.kafka-bootstrap is deprecated and will be removed in the next release; use pdm.kafka");
    }

    @Test
    void canonicalNameWinsWhenBothAreSet() {
        IngestConfig c = config(Map.of("PDM_KAFKA", "new:9092", "PDM_INGEST_KAFKA_BOOTSTRAP", "old:9092"), Map.of());
        assertThat(c.kafkaBootstrap()).isEqualTo("new:9092");
        assertThat(warnings)
                .containsExactly(
                        "warning: PDM_INGEST_KAFKA_BOOTSTRAP is deprecated and will be removed in the next release; use PDM_KAFKA");
    }

    @Test
    void blankValuesCountAsUnset() {
        IngestConfig c = config(Map.of("PDM_KAFKA", " ", "PDM_MQTT", " tcp://b:1883 "), Map.of());
        assertThat(c.kafkaBootstrap()).isEqualTo("127.0.0.1:9092");
        assertThat(c.mqttUrl()).isEqualTo("tcp://b:1883");
    }

    @Test
    void securitySettingsBindFromTheEnvironment() {
        IngestConfig c = config(
                Map.ofEntries(
                        Map.entry("PDM_KAFKA", "kafka:9093"),
                        Map.entry("PDM_KAFKA_SECURITY_PROTOCOL", "SASL_SSL"),
                        Map.entry("PDM_KAFKA_TRUSTSTORE", "/etc/kafka-ca/ca.crt"),
                        Map.entry("PDM_KAFKA_SASL_USERNAME", "plant-a-ingest"),
                        Map.entry("PDM_KAFKA_SASL_PASSWORD_FILE", "/etc/kafka-user/password"),
                        Map.entry("PDM_MQTT", "ssl://broker:8883"),
                        Map.entry("PDM_MQTT_TRUSTSTORE", "/etc/mqtt/ca.crt"),
                        Map.entry("PDM_MQTT_USERNAME", "ingest"),
                        Map.entry("PDM_MQTT_PASSWORD_FILE", "/etc/mqtt/password"),
                        Map.entry("PDM_INGEST_API_KEYS_FILE", "/etc/pdm/api-keys"),
                        Map.entry("PDM_INGEST_JWT_ISSUER", "https://login.example/realms/pdm"),
                        Map.entry("PDM_INGEST_JWT_JWK_SET_URI", "https://login.example/certs")),
                Map.of());
        assertThat(c.kafkaBootstrap()).isEqualTo("kafka:9093");
        assertThat(c.kafkaSecurity())
                .isEqualTo(io.pdm.schemas.KafkaSecurity.scram(
                        java.nio.file.Path.of("/etc/kafka-ca/ca.crt"),
                        "plant-a-ingest",
                        java.nio.file.Path.of("/etc/kafka-user/password")));
        assertThat(c.mqttUrl()).isEqualTo("ssl://broker:8883");
        assertThat(c.mqttSecurity().username()).isEqualTo("ingest");
        assertThat(c.mqttSecurity().truststore()).hasToString("/etc/mqtt/ca.crt");
        assertThat(c.apiKeys()).hasToString("/etc/pdm/api-keys");
        assertThat(c.jwt())
                .isEqualTo(new IngestConfig.Jwt(
                        "https://login.example/realms/pdm", "https://login.example/certs", "plant"));
    }
}

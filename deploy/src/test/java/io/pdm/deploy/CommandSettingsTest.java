package io.pdm.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The introspection the Compose and Kubernetes checks rely on finds the names docs/configuration.md documents. */
class CommandSettingsTest {

    @Test
    void findsTheDocumentedNamesOfEachServiceCommand() {
        assertThat(CommandSettings.environmentOf(
                        CommandSettings.subcommand(List.of("inference")).orElseThrow()))
                .contains("PDM_PLANT", "PDM_KAFKA", "PDM_JDBC", "PDM_REST_PORT", "PDM_BIND", "PDM_INFERENCE_WRITER");
        assertThat(CommandSettings.environmentOf(CommandSettings.subcommand(List.of("ingest", "--kafka", "x"))
                        .orElseThrow()))
                .contains(
                        "PDM_MQTT",
                        "PDM_KAFKA",
                        "PDM_REST_PORT",
                        "PDM_BIND",
                        "PDM_PLANT",
                        "PDM_INGEST_CONNECTIONS",
                        "PDM_INGEST_CLIENT_ID_PREFIX",
                        "PDM_INGEST_API_KEYS_FILE",
                        "PDM_INGEST_JWT_ISSUER",
                        "PDM_KAFKA_SECURITY_PROTOCOL",
                        "PDM_KAFKA_KEYSTORE_PASSWORD_FILE",
                        "PDM_MQTT_USERNAME",
                        "PDM_MQTT_PASSWORD_FILE")
                // nested records are read as nested names, the security settings by their own names
                .doesNotContain("PDM_INGEST_JWT", "PDM_KAFKASECURITY_PROTOCOL", "PDM_MQTTSECURITY_USERNAME");
        assertThat(CommandSettings.environmentOf(CommandSettings.subcommand(List.of("fl", "plant", "--base", "b"))
                        .orElseThrow()))
                .contains(
                        "PDM_PLANT",
                        "PDM_KAFKA",
                        "PDM_JDBC",
                        "PDM_FL_PASSWORD",
                        "PDM_MANAGEMENT_PORT",
                        "PDM_KAFKA_SECURITY_PROTOCOL");
        assertThat(CommandSettings.environmentOf(
                        CommandSettings.subcommand(List.of("fl", "aggregator")).orElseThrow()))
                .containsExactlyInAnyOrder("PDM_JDBC", "PDM_FL_PASSWORD", "PDM_MANAGEMENT_PORT", "PDM_MANAGEMENT_BIND");
        // a device logs in with ingest's names; alerting reads the inbox's and the Kafka security settings
        assertThat(CommandSettings.environmentOf(
                        CommandSettings.subcommand(List.of("replay", "cmapss")).orElseThrow()))
                .contains("PDM_MQTT", "PDM_MQTT_USERNAME", "PDM_MQTT_PASSWORD_FILE", "PDM_MQTT_TRUSTSTORE");
        assertThat(CommandSettings.environmentOf(
                        CommandSettings.subcommand(List.of("alerting")).orElseThrow()))
                .contains(
                        "PDM_ALERTING_INBOX_USERS",
                        "PDM_ALERTING_INBOX_OIDC_ISSUER",
                        "PDM_JDBC",
                        "PDM_KAFKA_TRUSTSTORE");
        assertThat(CommandSettings.featureJobEnvironment())
                .contains("PDM_PLANT", "PDM_KAFKA", "PDM_JDBC", "PDM_FEATURES_WINDOW_SIZE")
                .doesNotContain("PDM_FEATURES_KAFKA");
    }

    @Test
    void anUnknownCommandIsNone() {
        assertThat(CommandSettings.subcommand(List.of("no-such-command"))).isEmpty();
        assertThat(CommandSettings.subcommand(List.of("fl", "plant"))
                        .orElseThrow()
                        .qualifiedName(" "))
                .isEqualTo("pdm fl plant");
    }
}

package io.pdm.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaSecurityTest {
    private static final String SECRET = "s3cr3t-Pa55";

    @TempDir
    Path dir;

    @Test
    void nothingSetIsPlaintext() {
        KafkaSecurity s = KafkaSecurity.from(Map.of(), Map.of());
        assertThat(s).isEqualTo(KafkaSecurity.PLAINTEXT);
        assertThat(s.clientProperties()).containsExactly(Map.entry("security.protocol", "PLAINTEXT"));
    }

    @Test
    void strimziTlsUserFromTheEnvironmentBecomesMutualTls() throws Exception {
        Path ca = Files.writeString(dir.resolve("ca.crt"), "-----BEGIN CERTIFICATE-----\n");
        Path p12 = Files.write(dir.resolve("user.p12"), new byte[] {1, 2});
        Path password = Files.writeString(dir.resolve("user.password"), SECRET + "\n");
        KafkaSecurity s = KafkaSecurity.from(
                Map.of(
                        "PDM_KAFKA_SECURITY_PROTOCOL", "ssl",
                        "PDM_KAFKA_TRUSTSTORE", ca.toString(),
                        "PDM_KAFKA_KEYSTORE", p12.toString(),
                        "PDM_KAFKA_KEYSTORE_PASSWORD_FILE", password.toString()),
                Map.of());
        assertThat(s).isEqualTo(KafkaSecurity.mutualTls(ca, p12, password));
        assertThat(s.clientProperties())
                .containsEntry("security.protocol", "SSL")
                .containsEntry("ssl.truststore.type", "PEM")
                .containsEntry("ssl.truststore.location", ca.toString())
                .containsEntry("ssl.keystore.type", "PKCS12")
                .containsEntry("ssl.keystore.password", SECRET) // stripped of the newline
                .containsEntry("ssl.key.password", SECRET);
        assertThat(s.toString()).doesNotContain(SECRET).contains("user.p12");
    }

    @Test
    void scramReadsThePasswordFileAndNeverShowsIt() throws Exception {
        Path ca = Files.write(dir.resolve("ca.p12"), new byte[] {1});
        Path caPassword = Files.writeString(dir.resolve("ca.password"), "ca-" + SECRET);
        Path password = Files.writeString(dir.resolve("password"), SECRET);
        KafkaSecurity s = KafkaSecurity.from(
                Map.of("PDM_KAFKA_SECURITY_PROTOCOL", "PLAINTEXT"),
                Map.of(
                        "pdm.kafka.security-protocol", "SASL_SSL", // a property wins over the environment
                        "pdm.kafka.truststore", ca.toString(),
                        "pdm.kafka.truststore-password-file", caPassword.toString(),
                        "pdm.kafka.sasl-username", "plant-a-ingest",
                        "pdm.kafka.sasl-password-file", password.toString()));
        Map<String, String> p = s.clientProperties();
        assertThat(p)
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry("ssl.truststore.type", "PKCS12")
                .containsEntry("ssl.truststore.password", "ca-" + SECRET);
        assertThat(p.get("sasl.jaas.config"))
                .isEqualTo("org.apache.kafka.common.security.scram.ScramLoginModule required"
                        + " username=\"plant-a-ingest\" password=\"" + SECRET + "\";");
        assertThat(s.toString()).doesNotContain(SECRET).contains("plant-a-ingest", "SASL_SSL");
        assertThat(s.describe()).doesNotContain(SECRET);
    }

    @Test
    void aMissingPasswordFileNamesItsSetting() {
        KafkaSecurity s = KafkaSecurity.scram(null, "u", dir.resolve("absent"));
        assertThatThrownBy(s::clientProperties)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("PDM_KAFKA_SASL_PASSWORD_FILE")
                .hasMessageContaining("absent");
    }

    @Test
    void inconsistentSettingsAreRefusedWithTheSettingToChange() {
        assertThatThrownBy(() -> KafkaSecurity.from(Map.of("PDM_KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT"), Map.of()))
                .hasMessageContaining("not one of PLAINTEXT, SSL, SASL_SSL");
        assertThatThrownBy(() -> KafkaSecurity.from(Map.of("PDM_KAFKA_TRUSTSTORE", "/ca.crt"), Map.of()))
                .hasMessageContaining("PDM_KAFKA_SECURITY_PROTOCOL");
        assertThatThrownBy(() -> KafkaSecurity.from(Map.of("PDM_KAFKA_SECURITY_PROTOCOL", "SASL_SSL"), Map.of()))
                .hasMessageContaining("PDM_KAFKA_SASL_USERNAME");
        assertThatThrownBy(() -> KafkaSecurity.from(
                        Map.of("PDM_KAFKA_SECURITY_PROTOCOL", "SSL", "PDM_KAFKA_KEYSTORE", "/user.p12"), Map.of()))
                .hasMessageContaining("PDM_KAFKA_KEYSTORE_PASSWORD_FILE");
    }
}

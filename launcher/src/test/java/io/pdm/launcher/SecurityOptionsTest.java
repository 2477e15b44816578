package io.pdm.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.pdm.ingest.IngestConfig;
import io.pdm.schemas.KafkaSecurity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Kafka, MQTT and REST security options of the service commands, parsed as {@code pdm} parses them. */
class SecurityOptionsTest {
    @TempDir
    Path dir;

    @Test
    void everyCommandWithKafkaClientsTakesTheSameSecurityOptions() throws Exception {
        Path ca = Files.writeString(dir.resolve("ca.crt"), "pem");
        Path password = Files.writeString(dir.resolve("password"), "secret");
        String[] options = {
            "--kafka-security-protocol",
            "SASL_SSL",
            "--kafka-truststore",
            ca.toString(),
            "--kafka-sasl-username",
            "plant-a-ingest",
            "--kafka-sasl-password-file",
            password.toString()
        };
        KafkaSecurity expected = KafkaSecurity.scram(ca, "plant-a-ingest", password);
        IngestCommand ingest = ConfigOptionsTest.parse(concat("ingest", options));
        assertThat(ingest.config().kafkaSecurity()).isEqualTo(expected);
        InferenceCommand inference = ConfigOptionsTest.parse(concat("inference", options));
        assertThat(inference.kafkaSecurity.security()).isEqualTo(expected);
        String[] withPlant = new String[options.length + 4];
        System.arraycopy(options, 0, withPlant, 0, options.length);
        System.arraycopy(new String[] {"--plant", "plant-a", "--jdbc", "jdbc:x"}, 0, withPlant, options.length, 4);
        FeaturesCommand features = ConfigOptionsTest.parse(concat("features", withPlant));
        assertThat(features.kafkaSecurity.security()).isEqualTo(expected);
    }

    @Test
    void anOptionWinsOverTheEnvironmentWhichFillsTheRest() {
        KafkaSecurityOptions o = new KafkaSecurityOptions();
        o.protocol = "SSL";
        KafkaSecurity s = o.security(
                Map.of("PDM_KAFKA_SECURITY_PROTOCOL", "SASL_SSL", "PDM_KAFKA_TRUSTSTORE", "/etc/strimzi/ca.crt"),
                Map.of());
        assertThat(s).isEqualTo(KafkaSecurity.ssl(Path.of("/etc/strimzi/ca.crt")));
    }

    @Test
    void ingestTakesMqttCredentialsAndApiKeysFiles() {
        IngestCommand ingest = ConfigOptionsTest.parse(
                "ingest",
                "--mqtt",
                "ssl://broker:8883",
                "--mqtt-truststore",
                "/etc/mqtt/ca.crt",
                "--mqtt-username",
                "ingest",
                "--mqtt-password-file",
                "/etc/mqtt/password",
                "--api-keys-file",
                "/etc/pdm/api-keys");
        IngestConfig c = ingest.config();
        assertThat(c.mqttSecurity().truststore()).isEqualTo(Path.of("/etc/mqtt/ca.crt"));
        assertThat(c.mqttSecurity().username()).isEqualTo("ingest");
        assertThat(c.mqttSecurity().passwordFile()).isEqualTo(Path.of("/etc/mqtt/password"));
        assertThat(c.apiKeys()).isEqualTo(Path.of("/etc/pdm/api-keys"));
    }

    private static String[] concat(String command, String[] options) {
        String[] out = new String[options.length + 1];
        out[0] = command;
        System.arraycopy(options, 0, out, 1, options.length);
        return out;
    }
}

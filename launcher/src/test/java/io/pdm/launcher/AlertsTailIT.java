package io.pdm.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.pdm.alerting.lifecycle.LifecycleSettings;
import io.pdm.alerting.service.AlertingService;
import io.pdm.alerting.service.AlertingSettings;
import io.pdm.embedded.EmbeddedKafka;
import io.pdm.schemas.AvroCodec;
import io.pdm.schemas.Topics;
import io.pdm.schemas.avro.AlertRecord;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** {@code pdm alerts tail} on a real broker: a candidate raised by the real service shows up as one line and JSON. */
class AlertsTailIT {
    @Test
    void tailPrintsTheEventsOfThePlant() throws Exception {
        Path state = Files.createTempDirectory("pdm-tail-it-");
        try (EmbeddedKafka kafka = EmbeddedKafka.builder().build().start();
                AlertingService service = AlertingService.start(AlertingSettings.of(
                        "plant-a",
                        kafka.bootstrapServers(),
                        state,
                        LifecycleSettings.DEFAULTS.withFleetingHold(Duration.ZERO)))) {
            Properties p = new Properties();
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
            try (KafkaProducer<String, byte[]> producer =
                    new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
                producer.send(new ProducerRecord<>(Topics.alerts("plant-a"), "pump-1", candidate()))
                        .get();
            }
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            AlertsTail tail = (AlertsTail) Pdm.commandLine()
                    .parseArgs(
                            "alerts",
                            "tail",
                            "--plant",
                            "plant-a",
                            "--kafka",
                            kafka.bootstrapServers(),
                            "--from-beginning",
                            "--json",
                            "--limit",
                            "1")
                    .subcommand()
                    .subcommand()
                    .commandSpec()
                    .userObject();
            tail.out = new PrintStream(buf, true, StandardCharsets.UTF_8);
            assertThat(tail.call()).isZero();
            String printed = buf.toString(StandardCharsets.UTF_8);
            assertThat(printed.lines().findFirst().orElseThrow())
                    .contains("raised", "pump-1", "HIGH", "700", "ACTIVE_UNACKNOWLEDGED", "pump-1: seal leak");
            assertThat(printed).contains("\"type\":\"io.pdm.alert.raised\"", "\"specversion\":\"1.0\"");
        }
    }

    static byte[] candidate() {
        Instant t = Instant.parse("2026-12-05T08:00:00Z");
        return AvroCodec.of(AlertRecord.class)
                .encode(AlertRecord.newBuilder()
                        .setAlertId("a-1")
                        .setFingerprint("f00d")
                        .setPlant("plant-a")
                        .setAsset("pump-1")
                        .setAssetType("pump-set")
                        .setKind("CONDITION_LIMIT")
                        .setFailureMode("channel:pressure_bar.mean")
                        .setState("RAISED")
                        .setSeverity(700)
                        .setOccurredAt(t)
                        .setTitle("pump-1: seal leak")
                        .setText("Discharge pressure 2.1 bar, below its limit.")
                        .setWriter("template")
                        .setGrounded(true)
                        .setCitedLogs(List.of())
                        .setFactSheet("{\"reason\":\"pressure below limit\",\"measurements\":[]}")
                        .build());
    }
}

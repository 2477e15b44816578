package io.pdm.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pdm.alerting.service.HealthEndpoint;
import io.pdm.embedded.EmbeddedKafka;
import io.pdm.schemas.Topics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/**
 * {@code pdm alerting} as a deployment runs it, on the embedded KRaft broker: Prometheus scrapes
 * {@code /actuator/prometheus} on the REST port and finds the lifecycle's Kafka Streams meters and the notification
 * dispatcher's counters, both where the JDK probe server answers (no inbox users) and where the inbox's Spring Boot
 * app does (a users file), without a login.
 */
class AlertingMetricsIT {
    static final String PLANT = "plant-metrics";
    static EmbeddedKafka kafka;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void broker() throws Exception {
        kafka = EmbeddedKafka.builder().build().start();
        kafka.createTopics(1, Topics.alerts(PLANT), Topics.alertCommands(PLANT));
    }

    @AfterAll
    static void stop() {
        if (kafka != null) kafka.close();
    }

    @Test
    void theProbeServerServesKafkaStreamsAndNotificationMeters(@TempDir Path dir) throws Exception {
        Path prefs = Files.writeString(
                dir.resolve("notifications.yaml"),
                "users:\n  - {name: alice, email: alice@plant-a.example, plants: [" + PLANT + "]}\n");
        try (AlertingCommand.Running running = start(dir, List.of("--notify-preferences", prefs.toString()))) {
            assertThat(running.health()).as("no users: the JDK probe server").isNotNull();
            assertScrapeHasStreamsMeters(running.port());
            assertThat(get(running.port(), HealthEndpoint.READINESS).statusCode())
                    .isEqualTo(200);

            // the notification dispatcher reads the event topic: a record that is no CloudEvent is counted
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                    Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                    new StringSerializer(),
                    new StringSerializer())) {
                producer.send(new ProducerRecord<>(Topics.maintenanceEvents(PLANT), "x", "not a cloud event"))
                        .get();
            }
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(get(running.port(), HealthEndpoint.PROMETHEUS)
                                    .body())
                            .contains("pdm_alerting_notify_events_total{outcome=\"malformed\",plant=\"" + PLANT
                                    + "\"} 1.0"));
        }
    }

    @Test
    void theInboxServesTheSameMetersWithoutALogin(@TempDir Path dir) throws Exception {
        Path users = dir.resolve("inbox-users");
        Files.writeString(users, "ann " + new BCryptPasswordEncoder(4).encode("pw") + " engineer:" + PLANT + "\n");
        try (AlertingCommand.Running running = start(dir, List.of("--inbox-users", users.toString()))) {
            assertThat(running.inbox()).as("a users file: the inbox").isNotNull();
            assertScrapeHasStreamsMeters(running.port());
            assertThat(get(running.port(), "/api/alerts").statusCode())
                    .as("the rest of the inbox still needs a login")
                    .isEqualTo(401);
        }
    }

    private AlertingCommand.Running start(Path dir, List<String> more) throws Exception {
        List<String> args = new ArrayList<>(List.of(
                "alerting",
                "--plant",
                PLANT,
                "--kafka",
                kafka.bootstrapServers(),
                "--state-dir",
                dir.resolve("state").toString(),
                "--rest-port",
                "0",
                "--bind",
                "127.0.0.1"));
        args.addAll(more);
        AlertingCommand command = ConfigOptionsTest.parse(args.toArray(String[]::new));
        return command.start();
    }

    private void assertScrapeHasStreamsMeters(int port) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            HttpResponse<String> scrape = get(port, HealthEndpoint.PROMETHEUS);
            assertThat(scrape.statusCode()).isEqualTo(200);
            assertThat(scrape.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
            // Kafka Streams' own meters, tagged with the plant's application id, and the JVM's
            assertThat(scrape.body())
                    .contains("kafka_stream_thread_")
                    .contains("pdm." + PLANT + ".alerting")
                    .contains("jvm_memory_used_bytes");
        });
    }

    private HttpResponse<String> get(int port, String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}

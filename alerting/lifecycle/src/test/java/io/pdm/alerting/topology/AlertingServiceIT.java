package io.pdm.alerting.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cloudevents.CloudEvent;
import io.pdm.alerting.lifecycle.LifecycleSettings;
import io.pdm.alerting.service.AlertingService;
import io.pdm.alerting.service.AlertingSettings;
import io.pdm.embedded.EmbeddedKafka;
import io.pdm.schemas.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * The real streams application with exactly_once_v2 on the embedded KRaft broker, restarted in the middle of a stream
 * on an empty state directory (as on a new machine): the stores come back from their changelogs, so the second half
 * continues the alerts of the first, and every event id is on the topic exactly once for a read_committed consumer.
 */
class AlertingServiceIT {
    static final String PLANT = Plant.PLANT, RUL = "REMAINING_LIFE_LOW", MODE = "bearing-wear";
    static final int ASSETS = 12;

    @Test
    void aRestartLosesNoStateAndEmitsNoEventTwice() throws Exception {
        Path dirs = Files.createTempDirectory("pdm-alerting-it-");
        try (EmbeddedKafka kafka = EmbeddedKafka.builder().build().start();
                KafkaProducer<String, byte[]> producer = producer(kafka.bootstrapServers())) {
            kafka.createTopics(3, Topics.alerts(PLANT), Topics.alertCommands(PLANT));
            LifecycleSettings lifecycle = LifecycleSettings.DEFAULTS.withFleetingHold(Duration.ZERO);
            Instant t = Instant.parse("2026-12-05T08:00:00Z");
            Map<String, Integer> perAsset = new HashMap<>();

            AlertingService first = AlertingService.start(
                    AlertingSettings.of(PLANT, kafka.bootstrapServers(), dirs.resolve("first"), lifecycle));
            for (int i = 0; i < ASSETS; i++) {
                String asset = "pump-" + i;
                send(producer, Topics.alerts(PLANT), asset, candidate(asset, "RAISED", t));
                send(producer, Topics.alerts(PLANT), asset, candidate(asset, "UPDATED", t.plusSeconds(60)));
                send(producer, Topics.alertCommands(PLANT), asset, ack(asset, t.plusSeconds(90)));
            }
            producer.flush();
            await().atMost(Duration.ofSeconds(60)).until(() -> readEvents(kafka).size() == 2 * ASSETS);
            first.close();

            // meanwhile more arrives; then a new instance starts on an empty state directory
            for (int i = 0; i < ASSETS; i++) {
                String asset = "pump-" + i;
                send(producer, Topics.alerts(PLANT), asset, candidate(asset, "CLEARED", t.plusSeconds(600)));
                send(producer, Topics.alerts(PLANT), asset, candidate(asset, "RAISED", t.plusSeconds(1200)));
            }
            producer.flush();
            try (AlertingService second = AlertingService.start(
                    AlertingSettings.of(PLANT, kafka.bootstrapServers(), dirs.resolve("second"), lifecycle))) {
                // per asset: raised, acknowledged | cleared, closed | raised (alert #2)
                await().atMost(Duration.ofSeconds(90))
                        .until(() -> readEvents(kafka).size() >= 5 * ASSETS);
                Thread.sleep(1000); // anything emitted twice would arrive by now
                List<CloudEvent> events = readEvents(kafka);
                assertThat(events).hasSize(5 * ASSETS);
                assertThat(events.stream().map(CloudEvent::getId).distinct()).hasSize(5 * ASSETS);
                for (CloudEvent e : events) perAsset.merge(e.getSubject(), 1, Integer::sum);
                assertThat(perAsset)
                        .hasSize(ASSETS)
                        .allSatisfy((asset, n) -> assertThat(n).isEqualTo(5));
                String fp = Plant.fp("pump-3", RUL, MODE);
                assertThat(events.stream().filter(e -> e.getSubject().equals("pump-3")))
                        .extracting(CloudEvent::getId, CloudEvent::getType)
                        .containsExactly(
                                org.assertj.core.groups.Tuple.tuple(fp + "-1-1", "io.pdm.alert.raised"),
                                org.assertj.core.groups.Tuple.tuple(fp + "-1-2", "io.pdm.alert.acknowledged"),
                                org.assertj.core.groups.Tuple.tuple(fp + "-1-3", "io.pdm.alert.cleared"),
                                org.assertj.core.groups.Tuple.tuple(fp + "-1-4", "io.pdm.alert.closed"),
                                org.assertj.core.groups.Tuple.tuple(fp + "-2-1", "io.pdm.alert.raised"));
                assertThat(second.state()).isEqualTo(org.apache.kafka.streams.KafkaStreams.State.RUNNING);
            }
        } finally {
            TestDirs.delete(dirs);
        }
    }

    static byte[] candidate(String asset, String state, Instant at) {
        return Plant.CANDIDATES.encode(Plant.record(asset, RUL, MODE, state, 700, at));
    }

    static byte[] ack(String asset, Instant at) {
        return ("{\"type\":\"acknowledge\",\"commandId\":\"" + UUID.randomUUID() + "\",\"fingerprint\":\""
                        + Plant.fp(asset, RUL, MODE) + "\",\"asset\":\"" + asset + "\",\"by\":\"alice\",\"at\":\"" + at
                        + "\"}")
                .getBytes(StandardCharsets.UTF_8);
    }

    static void send(KafkaProducer<String, byte[]> p, String topic, String key, byte[] value) throws Exception {
        p.send(new ProducerRecord<>(topic, key, value)).get();
    }

    static KafkaProducer<String, byte[]> producer(String bootstrap) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    /** Every committed event on the topic, from the beginning (read_committed: aborted attempts are not seen). */
    static List<CloudEvent> readEvents(EmbeddedKafka kafka) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "it-" + UUID.randomUUID());
        List<CloudEvent> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> c =
                new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
            c.subscribe(List.of(Topics.maintenanceEvents(PLANT)));
            int empty = 0;
            while (empty < 3) {
                var records = c.poll(Duration.ofMillis(300));
                if (records.isEmpty()) empty++;
                for (ConsumerRecord<String, byte[]> r : records) out.add(MaintenanceEvents.parse(r.value()));
            }
        }
        out.sort(java.util.Comparator.comparing(CloudEvent::getId));
        return out;
    }
}

package io.pdm.federated.plant.updates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pdm.embedded.EmbeddedKafka;
import io.pdm.federated.TestAggregators;
import io.pdm.federated.TestPki;
import io.pdm.federated.TestPlants;
import io.pdm.federated.aggregator.AggregatorHandle;
import io.pdm.federated.aggregator.round.RoundPolicy;
import io.pdm.federated.plant.FederatedClient;
import io.pdm.federated.protocol.FlJson;
import io.pdm.schemas.kafka.ModelUpdate;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A plant adopting a new global version announces it on its model-updates topic of the in-process Kafka. */
class KafkaModelUpdatePublisherIT {

    @TempDir
    Path plantDisks;

    @Test
    void newCurrentVersionIsAnnouncedOnThePlantsTopic() {
        TestPki pki = TestPki.create();
        try (EmbeddedKafka kafka = EmbeddedKafka.builder().build().start();
                AggregatorHandle aggregator = TestAggregators.start(pki, RoundPolicy.plain(3, Duration.ofSeconds(30)));
                FederatedClient plantA = new FederatedClient(TestPlants.settings(pki, aggregator, "plant-a", plantDisks)
                        .withUpdates(new KafkaModelUpdatePublisher(
                                kafka.bootstrapServers(), Map.of(), Duration.ofSeconds(30))))) {
            String topic = KafkaModelUpdatePublisher.topic("plant-a");
            kafka.createTopics(1, topic);

            plantA.syncLatest();

            List<ModelUpdate> updates = consume(kafka, topic);
            assertThat(updates).singleElement().satisfies(update -> {
                assertThat(update.plant()).isEqualTo("plant-a");
                assertThat(update.version()).isZero();
                assertThat(update.adapterDirectory())
                        .isEqualTo(plantA.currentAdapter()
                                .orElseThrow()
                                .directory()
                                .toString());
            });
            assertThat(topic).isEqualTo("pdm.plant-a.model-updates.v1");
        }
    }

    private static List<ModelUpdate> consume(EmbeddedKafka kafka, String topic) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                        ConsumerConfig.GROUP_ID_CONFIG, "inference-test",
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            List<ModelUpdate> updates = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    updates.add(FlJson.read(new String(record.value(), StandardCharsets.UTF_8), ModelUpdate.class));
                }
                return !updates.isEmpty();
            });
            return updates;
        }
    }
}

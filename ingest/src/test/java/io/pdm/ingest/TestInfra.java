package io.pdm.ingest;

import io.pdm.embedded.EmbeddedKafka;
import io.pdm.embedded.EmbeddedMqttBroker;
import io.pdm.schemas.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** One real Kafka broker and one real HiveMQ broker for all test classes of this JVM. */
final class TestInfra {
    private static EmbeddedKafka kafka;
    private static EmbeddedMqttBroker mqtt;

    private TestInfra() {}

    static synchronized EmbeddedKafka kafka() {
        if (kafka == null) {
            kafka = EmbeddedKafka.builder().build().start();
            Runtime.getRuntime().addShutdownHook(new Thread(kafka::close));
        }
        return kafka;
    }

    static synchronized EmbeddedMqttBroker mqtt() {
        if (mqtt == null) {
            mqtt = EmbeddedMqttBroker.builder().build().start();
            Runtime.getRuntime().addShutdownHook(new Thread(mqtt::close));
        }
        return mqtt;
    }

    /** Creates the plant's topics (telemetry with 3 partitions) and the fallback plant's DLQ. */
    static void createTopics(String... plants) {
        for (String p : plants) {
            kafka().createTopics(3, Topics.telemetry(p));
            kafka().createTopics(1, Topics.maintenanceLogs(p), Topics.dlq(p));
        }
        kafka().createTopics(1, Topics.dlq("unroutable"));
    }

    static IngestConfig.Builder config(String prefix) {
        return IngestConfig.builder()
                .mqttUrl(mqtt().url())
                .kafkaBootstrap(kafka().bootstrapServers())
                .clientIdPrefix(prefix)
                .restPort(-1)
                .sessionExpiry(Duration.ofMinutes(10));
    }

    /**
     * Reads a topic from the beginning until {@code atLeast} records arrived (or the timeout passed),
     * then keeps reading {@code settle} longer so extra records would show up too.
     */
    static List<ConsumerRecord<byte[], byte[]>> read(String topic, int atLeast, Duration timeout, Duration settle) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka().bootstrapServers());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c =
                new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = c.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(i -> new TopicPartition(topic, i.partition()))
                    .collect(Collectors.toList());
            c.assign(parts);
            c.seekToBeginning(parts);
            long deadline = System.nanoTime() + timeout.toNanos();
            long settleUntil = Long.MAX_VALUE;
            while (System.nanoTime() < Math.min(deadline, settleUntil)) {
                c.poll(Duration.ofMillis(200)).forEach(out::add);
                if (out.size() >= atLeast && settleUntil == Long.MAX_VALUE)
                    settleUntil = System.nanoTime() + settle.toNanos();
            }
        }
        return out;
    }
}

package io.pdm.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EmbeddedKafkaIT {
    private static EmbeddedKafka kafka;
    private static int port;

    @BeforeAll
    static void startBroker() {
        kafka = EmbeddedKafka.builder().build().start();
        port = kafka.port();
    }

    @AfterAll
    static void stopBroker() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    @Order(1)
    void idempotentProducerRecordsComeBackInOrderPerKey() throws Exception {
        kafka.createTopics(3, "readings");
        kafka.createTopics(3, "readings"); // idempotent: an existing topic is fine

        Properties p = producerProps();
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
            for (int i = 0; i < 1000; i++) {
                producer.send(new ProducerRecord<>("readings", "asset-" + (i % 7), Integer.toString(i)));
            }
            producer.flush();
        }

        List<ConsumerRecord<String, String>> records = consume("readings", "read_uncommitted", 1000);
        assertThat(records).hasSize(1000);
        Map<String, List<Integer>> byKey = new HashMap<>();
        records.forEach(
                r -> byKey.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(Integer.parseInt(r.value())));
        assertThat(byKey).hasSize(7);
        byKey.values().forEach(values -> assertThat(values).isSorted());
    }

    @Test
    @Order(2)
    void committedTransactionIsVisibleToReadCommittedConsumer() throws Exception {
        kafka.createTopics(1, "tx-out");
        Properties p = producerProps();
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "pdm-test-tx");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>("tx-out", "k", "aborted"));
            producer.abortTransaction();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>("tx-out", "k", "v1"));
            producer.send(new ProducerRecord<>("tx-out", "k", "v2"));
            producer.commitTransaction();
        }
        List<ConsumerRecord<String, String>> records = consume("tx-out", "read_committed", 2);
        assertThat(records).extracting(ConsumerRecord::value).containsExactly("v1", "v2");
    }

    @Test
    @Order(3)
    void closeLeavesNoNonDaemonKafkaThreads() throws Exception {
        kafka.close();
        long deadline = System.currentTimeMillis() + 15_000;
        Set<String> leftover;
        do {
            leftover = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.isAlive()
                            && !t.isDaemon()
                            && t.getName().toLowerCase().startsWith("kafka"))
                    .map(Thread::getName)
                    .collect(Collectors.toSet());
            if (leftover.isEmpty()) {
                break;
            }
            Thread.sleep(100);
        } while (System.currentTimeMillis() < deadline);
        assertThat(leftover).isEmpty();
        assertThat(FreePorts.isListening(port)).isFalse();
    }

    private static Properties producerProps() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        return p;
    }

    private static List<ConsumerRecord<String, String>> consume(String topic, String isolation, int expected) {
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        c.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + topic);
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
        c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        List<ConsumerRecord<String, String>> out = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(c)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.currentTimeMillis() + 60_000;
            while (out.size() < expected && System.currentTimeMillis() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
            // A short extra poll catches anything unexpected beyond the expected count.
            consumer.poll(Duration.ofMillis(300)).forEach(out::add);
        }
        return out;
    }
}

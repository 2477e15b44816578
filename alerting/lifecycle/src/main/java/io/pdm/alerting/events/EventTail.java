package io.pdm.alerting.events;

import io.cloudevents.CloudEvent;
import io.pdm.alerting.topology.MaintenanceEvents;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads maintenance events as a consumer of the public topic would: read_committed, no consumer group (nothing to
 * commit, nothing to rebalance), from the end or from the beginning.
 */
public final class EventTail {
    private EventTail() {}

    /**
     * Passes each event to {@code sink} until {@code stop} says so (checked between polls) or {@code limit} events
     * (0: no limit) were read. A record that is not a CloudEvent is reported as such, not fatal.
     *
     * @return the number of events read
     */
    public static long follow(
            String bootstrap,
            Collection<String> topics,
            boolean fromBeginning,
            long limit,
            BooleanSupplier stop,
            Consumer<CloudEvent> sink,
            Consumer<String> problems) {
        long n = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(bootstrap)) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : topics) {
                for (PartitionInfo p : consumer.partitionsFor(topic, Duration.ofSeconds(30))) {
                    partitions.add(new TopicPartition(topic, p.partition()));
                }
            }
            consumer.assign(partitions);
            if (fromBeginning) consumer.seekToBeginning(partitions);
            else consumer.seekToEnd(partitions);
            while (!stop.getAsBoolean() && (limit <= 0 || n < limit)) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    try {
                        sink.accept(MaintenanceEvents.parse(r.value()));
                        n++;
                    } catch (RuntimeException e) {
                        problems.accept("not a CloudEvent at " + r.topic() + "-" + r.partition() + "@" + r.offset()
                                + ": " + e.getMessage());
                    }
                    if (limit > 0 && n >= limit) break;
                }
            }
        }
        return n;
    }

    /** Events per CloudEvents type on the topics, everything committed so far. */
    public static Map<String, Long> countByType(String bootstrap, Collection<String> topics) {
        Map<String, Long> counts = new TreeMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(bootstrap)) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : topics) {
                for (PartitionInfo p : consumer.partitionsFor(topic, Duration.ofSeconds(30))) {
                    partitions.add(new TopicPartition(topic, p.partition()));
                }
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline && !reached(consumer, end)) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    try {
                        counts.merge(MaintenanceEvents.parse(r.value()).getType(), 1L, Long::sum);
                    } catch (RuntimeException e) {
                        counts.merge("(not a CloudEvent)", 1L, Long::sum);
                    }
                }
            }
        }
        return counts;
    }

    private static boolean reached(KafkaConsumer<byte[], byte[]> c, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (c.position(e.getKey()) < e.getValue()) return false;
        }
        return true;
    }

    private static KafkaConsumer<byte[], byte[]> consumer(String bootstrap) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "pdm-alerts-tail");
        return new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }
}

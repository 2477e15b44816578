package io.pdm.launcher;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Counts the records that arrive on a set of topics, by reading them like any consumer would. The
 * demo's progress line shows what really reached Kafka, not what a component believes it sent.
 */
public final class TopicCounter implements AutoCloseable {
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;

    public TopicCounter(String bootstrapServers, Collection<String> topics) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "pdm-topic-counter");
        consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        for (String topic : topics) counts.put(topic, new LongAdder());
        thread = new Thread(() -> loop(List.copyOf(topics)), "pdm-topic-counter");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop(List<String> topics) {
        try {
            // assign() rather than subscribe(): no consumer group, nothing to rebalance or commit.
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : topics) {
                for (PartitionInfo info : consumer.partitionsFor(topic)) {
                    partitions.add(new TopicPartition(topic, info.partition()));
                }
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (running.get()) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    counts.computeIfAbsent(record.topic(), t -> new LongAdder()).increment();
                }
            }
        } catch (WakeupException e) {
            // close() woke us up
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    public long count(String topic) {
        LongAdder adder = counts.get(topic);
        return adder == null ? 0 : adder.sum();
    }

    public long total(Collection<String> topics) {
        return topics.stream().mapToLong(this::count).sum();
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        consumer.wakeup();
        thread.join(10_000);
    }
}

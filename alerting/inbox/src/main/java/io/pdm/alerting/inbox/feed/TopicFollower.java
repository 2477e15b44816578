package io.pdm.alerting.inbox.feed;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads whole topics from the beginning and then follows them, on one daemon thread: every partition is assigned (no
 * consumer group, no committed offsets: each inbox replica builds its own view, and a restart reads again), and
 * {@code read_committed} so nothing of an aborted exactly-once transaction of the lifecycle is seen. A topic that does
 * not exist yet is looked for again every second, so the inbox may start before the lifecycle has created it.
 */
public final class TopicFollower implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TopicFollower.class);

    private final KafkaConsumer<String, byte[]> consumer;
    private final List<String> topics;
    private final Consumer<ConsumerRecord<String, byte[]>> handler;
    private final Thread thread;
    private final Set<TopicPartition> assigned = new HashSet<>();
    private volatile Map<TopicPartition, Long> startEnds = Map.of();
    private volatile boolean caughtUp;
    private volatile boolean running = true;

    private TopicFollower(
            String name,
            Properties clientProperties,
            List<String> topics,
            Consumer<ConsumerRecord<String, byte[]>> handler) {
        Properties p = new Properties();
        p.putAll(clientProperties);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, name);
        // looking for a topic must not create it with the broker's defaults (the state topic must be compacted)
        p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        this.consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
        this.topics = List.copyOf(topics);
        this.handler = handler;
        this.thread = new Thread(this::run, name);
        this.thread.setDaemon(true);
    }

    /** {@code clientProperties}: bootstrap servers and the Kafka security settings. */
    public static TopicFollower start(
            String name,
            Properties clientProperties,
            List<String> topics,
            Consumer<ConsumerRecord<String, byte[]>> handler) {
        TopicFollower f = new TopicFollower(name, clientProperties, topics, handler);
        f.thread.start();
        return f;
    }

    /** True once every record that was on the topics when they were assigned has been handed over. */
    public boolean caughtUp() {
        return caughtUp;
    }

    private void run() {
        long lastLookup = 0;
        try {
            while (running) {
                if ((assigned.isEmpty() || missingTopics()) && System.currentTimeMillis() - lastLookup > 1000) {
                    lastLookup = System.currentTimeMillis();
                    assign();
                }
                if (assigned.isEmpty()) {
                    Thread.sleep(200);
                    continue;
                }
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    try {
                        handler.accept(r);
                    } catch (RuntimeException e) {
                        // one bad record must not stop the view of every other alert
                        LOG.warn("skipped {}-{}@{}: {}", r.topic(), r.partition(), r.offset(), e.toString());
                    }
                }
                if (!caughtUp)
                    caughtUp =
                            startEnds.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
            }
        } catch (WakeupException e) {
            if (running) throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("{} stopped following {}", thread.getName(), topics, e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private boolean missingTopics() {
        return assigned.stream().map(TopicPartition::topic).distinct().count() < topics.size();
    }

    private void assign() {
        List<TopicPartition> all = new ArrayList<>();
        for (String topic : topics) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(5));
            if (infos == null) continue;
            for (PartitionInfo i : infos) all.add(new TopicPartition(topic, i.partition()));
        }
        if (all.isEmpty() || assigned.containsAll(all)) return;
        Set<TopicPartition> added = new HashSet<>(all);
        added.removeAll(assigned);
        consumer.assign(all);
        consumer.seekToBeginning(added);
        assigned.addAll(all);
        startEnds = consumer.endOffsets(all);
        caughtUp = false;
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

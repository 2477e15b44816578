package io.pdm.inference.service;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.pdm.schemas.kafka.ModelUpdate;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads {@code pdm.{plant}.model-updates.v1} for one instance, outside the features' consumer group: every instance
 * must see every announced adapter version, whereas a group would hand the topic's partition to one instance only.
 * So it {@code assign()}s all partitions, has no group id and commits nothing; on start it reads each partition from
 * its beginning to its end (the topic is compacted and small: one record per version) and hands that history over at
 * once, so a new instance serves the current adapter before it scores its first window; afterwards it tails.
 *
 * <p>Not thread-safe: the loop's thread calls it between scoring batches, so a version lands between two batches and
 * never inside one.
 */
final class ModelUpdateReader implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ModelUpdateReader.class);
    private static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    /** How often a missing topic is looked for again. */
    private static final Duration RETRY = Duration.ofSeconds(10);

    private final String topic;
    private final String who;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Runnable onUnreadable;
    private boolean assigned;
    private long nextLookup;

    /**
     * @param who          "plant/instance", for the logs
     * @param onUnreadable counts a record that is not a model update
     */
    ModelUpdateReader(InferenceLoop.Settings settings, String topic, Runnable onUnreadable) {
        this.topic = topic;
        this.who = settings.plant() + "/" + settings.instance();
        this.onUnreadable = onUnreadable;
        this.consumer = new KafkaConsumer<>(props(settings), new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    static Properties props(InferenceLoop.Settings s) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, s.bootstrap());
        // No group.id: nothing to share, nothing to commit; every instance reads everything.
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "pdm-inference-" + s.plant() + "-" + s.instance() + "-updates");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.putAll(s.kafkaSecurity().clientProperties());
        return p;
    }

    /**
     * Every model update on the topic now, oldest first per partition; blocks until each partition is read to the end
     * it had when this was called, or {@code running} turns false. An absent topic gives none (and is looked for
     * again by {@link #poll}); an unreachable broker is retried.
     */
    List<ModelUpdate> catchUp(BooleanSupplier running) {
        while (running.getAsBoolean()) {
            try {
                if (!assign(Duration.ofSeconds(10))) return List.of();
                Map<TopicPartition, Long> ends = consumer.endOffsets(consumer.assignment());
                List<ModelUpdate> history = new ArrayList<>();
                while (running.getAsBoolean() && !reached(ends)) {
                    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                        decode(r, history);
                    }
                }
                LOG.info("plant {}: {} model update(s) on {} at start", who, history.size(), topic);
                return history;
            } catch (TimeoutException e) {
                LOG.warn("plant {}: cannot read {} yet ({}); retrying", who, topic, e.getMessage());
            }
        }
        return List.of();
    }

    /** Model updates announced since the last call; never blocks for long (the scoring loop calls it). */
    List<ModelUpdate> poll() {
        if (!assigned) {
            if (System.currentTimeMillis() < nextLookup) return List.of();
            try {
                if (!assign(Duration.ofSeconds(1))) return List.of();
            } catch (TimeoutException e) {
                nextLookup = System.currentTimeMillis() + RETRY.toMillis();
                return List.of();
            }
        }
        List<ModelUpdate> out = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ZERO)) decode(r, out);
        return out;
    }

    /**
     * Assigns every partition of the topic from its beginning. The partitions are those of this moment: the topic has
     * one by design (ordered versions), and a partition added later is not read until the instance restarts.
     */
    private boolean assign(Duration timeout) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
        if (infos == null || infos.isEmpty()) {
            if (nextLookup == 0) {
                LOG.warn("plant {}: topic {} does not exist; adapters are read once it does", who, topic);
            }
            nextLookup = System.currentTimeMillis() + RETRY.toMillis();
            return false;
        }
        List<TopicPartition> partitions = infos.stream()
                .map(i -> new TopicPartition(topic, i.partition()))
                .toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        assigned = true;
        return true;
    }

    private boolean reached(Map<TopicPartition, Long> ends) {
        for (Map.Entry<TopicPartition, Long> e : ends.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) return false;
        }
        return true;
    }

    private void decode(ConsumerRecord<byte[], byte[]> record, List<ModelUpdate> into) {
        if (record.value() == null) return; // a tombstone of the compacted topic: nothing announced
        try {
            into.add(JSON.readValue(new String(record.value(), StandardCharsets.UTF_8), ModelUpdate.class));
        } catch (Exception e) {
            onUnreadable.run();
            LOG.warn(
                    "plant {}: ignoring unreadable model update at {}-{}@{}: {}",
                    who,
                    record.topic(),
                    record.partition(),
                    record.offset(),
                    e.toString());
        }
    }

    void wakeup() {
        consumer.wakeup();
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}

package io.pdm.inference.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.pdm.inference.store.InferenceStore;
import io.pdm.schemas.AvroCodec;
import io.pdm.schemas.KafkaSecurity;
import io.pdm.schemas.Topics;
import io.pdm.schemas.avro.AlertRecord;
import io.pdm.schemas.avro.FeatureVector;
import io.pdm.schemas.avro.PredictionRecord;
import io.pdm.schemas.kafka.ModelUpdate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One plant's consume-score-produce loop. Feature vectors in, predictions and alert candidates out, in one Kafka
 * transaction with the consumed offsets ({@code exactly_once_v2} style), so a crash neither loses a window nor
 * publishes one twice. Rows go to the store before the transaction commits: a crash in between replays the batch,
 * and the store's idempotent writes (predictions by window, alerts by their deterministic id) absorb the replay.
 *
 * <p>Several instances of one plant's service share the feature partitions through the consumer group
 * {@code pdm-inference-{plant}}; each has its own transactional id, {@code pdm-inference-{plant}-{instance}}. A
 * per-process id is enough since KIP-447 (exactly-once v2): the offsets go to the transaction with the consumer's
 * group metadata, so the group coordinator fences a zombie that lost its partitions by its generation, and a
 * transactional id no longer has to be tied to a partition. Two instances with one id would fence each other on every
 * start instead. A crashed instance's open transaction is aborted when its timeout passes (or when an instance with
 * the same id starts), so read_committed readers of its partitions wait at most that long.
 *
 * <p>State (each asset's window, baseline and alert policy) lives in memory and is rebuilt whenever feature
 * partitions are assigned by replaying the last {@code warmUpRecords} feature vectors of each before its committed
 * offset, with outputs discarded. Model updates are read by every instance outside the group ({@link
 * ModelUpdateReader}): the whole topic once on start, before the first batch, then new announcements between
 * batches, so a version lands between two batches, never inside one.
 */
public final class InferenceLoop implements Runnable, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(InferenceLoop.class);

    /** The scoring and alerting work of one plant; called from the loop's thread only. */
    public interface Steps {
        /**
         * @param warmUp true while state is rebuilt after a start: outputs are discarded
         */
        Outcome onFeatures(FeatureVector features, boolean warmUp);

        /**
         * A poll's vectors in order, one outcome each; an implementation may score them together. The default calls
         * {@link #onFeatures} for each.
         */
        default List<Outcome> onBatch(List<FeatureVector> batch, List<Boolean> warmUps) {
            List<Outcome> out = new ArrayList<>(batch.size());
            for (int i = 0; i < batch.size(); i++) out.add(onFeatures(batch.get(i), warmUps.get(i)));
            return out;
        }

        void onModelUpdate(ModelUpdate update);

        /**
         * The assets of partitions this instance no longer holds: their state is dropped, so if a partition comes back
         * after another instance scored it, its assets are rebuilt by the warm-up replay alone, never from a stale
         * window or policy. The default keeps everything.
         */
        default void forget(Collection<String> assets) {}

        /**
         * The announcements already on the model-updates topic when the instance starts, oldest first. The default
         * applies only the newest version of each asset type, so a starting instance loads one adapter per type, not
         * every version ever announced.
         */
        default void onModelHistory(List<ModelUpdate> history) {
            Map<String, ModelUpdate> newest = new java.util.LinkedHashMap<>();
            for (ModelUpdate u : history) {
                newest.merge(String.valueOf(u.assetType()), u, (a, b) -> b.version() >= a.version() ? b : a);
            }
            newest.values().forEach(this::onModelUpdate);
        }
    }

    /** What one feature vector produced. */
    public record Outcome(List<PredictionRecord> predictions, List<AlertRecord> alerts) {
        public static final Outcome NONE = new Outcome(List.of(), List.of());

        public Outcome {
            predictions = List.copyOf(predictions);
            alerts = List.copyOf(alerts);
        }
    }

    /**
     * @param instance      this instance among the plant's ({@link InstanceId}): the transactional id, client ids, logs
     *                      and the meters' {@code instance} tag include it
     * @param warmUpRecords feature vectors per partition replayed on start to rebuild state
     * @param kafkaSecurity how the consumer and the transactional producer connect (TLS, mTLS, SCRAM)
     */
    public record Settings(
            String bootstrap,
            String plant,
            String instance,
            Duration pollTimeout,
            int warmUpRecords,
            KafkaSecurity kafkaSecurity) {
        public Settings {
            java.util.Objects.requireNonNull(kafkaSecurity, "kafkaSecurity");
        }

        /** PLAINTEXT. */
        public Settings(String bootstrap, String plant, String instance, Duration pollTimeout, int warmUpRecords) {
            this(bootstrap, plant, instance, pollTimeout, warmUpRecords, KafkaSecurity.PLAINTEXT);
        }
    }

    private final Settings settings;
    private final Steps steps;
    private final InferenceStore store;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final KafkaProducer<String, byte[]> producer;
    private final ModelUpdateReader updates;
    private final AvroCodec<FeatureVector> features = AvroCodec.of(FeatureVector.class);
    private final AvroCodec<PredictionRecord> predictions = AvroCodec.of(PredictionRecord.class);
    private final AvroCodec<AlertRecord> alerts = AvroCodec.of(AlertRecord.class);
    private final String featuresTopic, updatesTopic, predictionsTopic, alertsTopic;
    private final Map<TopicPartition, Long> warmUpUntil = new HashMap<>();
    /** The feature partitions this instance holds now (the {@code pdm.inference.partitions} gauge). */
    private final Set<TopicPartition> owned = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** The assets seen on each held feature partition, forgotten with it. */
    private final Map<TopicPartition, Set<String>> assetsOf = new HashMap<>();

    private final Set<TopicPartition> revoked = new java.util.HashSet<>();

    private final byte[] instanceHeader;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicBoolean started = new AtomicBoolean();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Counter scored, published, rejected;
    private final Timer batchTimer;

    public InferenceLoop(Settings settings, Steps steps, InferenceStore store, MeterRegistry meters) {
        this.settings = settings;
        this.steps = steps;
        this.store = store;
        String plant = settings.plant();
        featuresTopic = Topics.features(plant);
        updatesTopic = Topics.modelUpdates(plant);
        predictionsTopic = Topics.predictions(plant);
        alertsTopic = Topics.alerts(plant);
        String instance = settings.instance();
        scored = meters.counter("pdm.inference.windows", "plant", plant, "instance", instance);
        published = meters.counter("pdm.inference.alerts", "plant", plant, "instance", instance);
        rejected = meters.counter("pdm.inference.rejected", "plant", plant, "instance", instance);
        batchTimer = meters.timer("pdm.inference.batch", "plant", plant, "instance", instance);
        meters.gauge(
                "pdm.inference.partitions",
                io.micrometer.core.instrument.Tags.of("plant", plant, "instance", instance),
                owned,
                Set::size);
        instanceHeader = instance.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        consumer =
                new KafkaConsumer<>(consumerProps(settings), new ByteArrayDeserializer(), new ByteArrayDeserializer());
        producer = new KafkaProducer<>(producerProps(settings), new StringSerializer(), new ByteArraySerializer());
        updates = new ModelUpdateReader(settings, updatesTopic, rejected::increment);
    }

    /** Which instance produced a record: a header on every prediction and alert. */
    public static final String INSTANCE_HEADER = "pdm-instance";

    /** "plant/instance", for log lines. */
    private String who() {
        return settings.plant() + "/" + settings.instance();
    }

    static Properties consumerProps(Settings s) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, s.bootstrap());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "pdm-inference-" + s.plant());
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "pdm-inference-" + s.plant() + "-" + s.instance());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "500");
        p.putAll(s.kafkaSecurity().clientProperties());
        return p;
    }

    static Properties producerProps(Settings s) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, s.bootstrap());
        // Unique per instance, not per partition: enough under exactly-once v2 (see the class comment).
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId(s));
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        p.putAll(s.kafkaSecurity().clientProperties());
        return p;
    }

    /** {@code pdm-inference-{plant}-{instance}}; a KafkaUser's ACL allows the prefix {@code pdm-inference-{plant}-}. */
    public static String transactionalId(Settings s) {
        return "pdm-inference-" + s.plant() + "-" + s.instance();
    }

    @Override
    public void run() {
        if (!started.compareAndSet(false, true)) throw new IllegalStateException("the loop runs once");
        try {
            producer.initTransactions();
            // The current adapters first, so the warm-up and the first batch are scored by them.
            steps.onModelHistory(updates.catchUp(running::get));
            consumer.subscribe(List.of(featuresTopic), new Rebalance());
            LOG.info("inference loop {} started (transactional id {})", who(), transactionalId(settings));
            while (running.get()) {
                ConsumerRecords<byte[], byte[]> batch = consumer.poll(settings.pollTimeout());
                if (!batch.isEmpty()) batchTimer.record(() -> process(batch));
                // Between batches: a new version serves from the next batch on, for every window of it.
                for (ModelUpdate u : updates.poll()) steps.onModelUpdate(u);
            }
        } catch (WakeupException e) {
            if (running.get()) throw e;
        } catch (RuntimeException e) {
            LOG.error("inference loop {} stopped: {}", who(), e.toString(), e);
            throw e;
        } finally {
            closeClients();
            stopped.countDown();
        }
    }

    private void process(ConsumerRecords<byte[], byte[]> batch) {
        List<PredictionRecord> outPredictions = new ArrayList<>();
        List<AlertRecord> outAlerts = new ArrayList<>();
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        List<FeatureVector> vectors = new ArrayList<>();
        List<Boolean> warmUps = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : batch) {
            TopicPartition tp = new TopicPartition(record.topic(), record.partition());
            offsets.put(tp, new OffsetAndMetadata(record.offset() + 1));
            try {
                vectors.add(features.decode(record.value()));
            } catch (RuntimeException e) {
                // The feature pipeline wrote it; a record we cannot read is skipped (and counted), never fatal.
                rejected.increment();
                LOG.warn(
                        "{}: skipping undecodable feature vector at {}@{}: {}",
                        who(),
                        tp,
                        record.offset(),
                        e.toString());
                continue;
            }
            assetsOf.computeIfAbsent(tp, p -> new java.util.HashSet<>())
                    .add(vectors.get(vectors.size() - 1).getAsset());
            Long until = warmUpUntil.get(tp);
            warmUps.add(until != null && record.offset() < until);
        }
        score(vectors, warmUps, outPredictions, outAlerts);
        if (offsets.isEmpty()) return;
        store.save(outPredictions, outAlerts);
        producer.beginTransaction();
        try {
            for (PredictionRecord p : outPredictions) {
                producer.send(tagged(new ProducerRecord<>(predictionsTopic, p.getAsset(), predictions.encode(p))));
            }
            for (AlertRecord a : outAlerts) {
                producer.send(tagged(new ProducerRecord<>(alertsTopic, a.getAsset(), alerts.encode(a))));
            }
            producer.sendOffsetsToTransaction(offsets, consumer.groupMetadata());
            producer.commitTransaction();
        } catch (RuntimeException e) {
            producer.abortTransaction();
            throw e;
        }
        scored.increment(outPredictions.size());
        published.increment(outAlerts.size());
    }

    private ProducerRecord<String, byte[]> tagged(ProducerRecord<String, byte[]> record) {
        record.headers().add(INSTANCE_HEADER, instanceHeader);
        return record;
    }

    /** Scores the collected vectors as one batch and empties the lists; warm-up outputs are discarded. */
    private void score(
            List<FeatureVector> vectors,
            List<Boolean> warmUps,
            List<PredictionRecord> outPredictions,
            List<AlertRecord> outAlerts) {
        if (vectors.isEmpty()) return;
        List<Outcome> outcomes = steps.onBatch(vectors, warmUps);
        for (int i = 0; i < outcomes.size(); i++) {
            if (warmUps.get(i)) continue;
            outPredictions.addAll(outcomes.get(i).predictions());
            outAlerts.addAll(outcomes.get(i).alerts());
        }
        vectors.clear();
        warmUps.clear();
    }

    /** Rewinds newly assigned feature partitions for the warm-up. */
    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            partitions.forEach(warmUpUntil::remove);
            owned.removeAll(partitions);
            // Forgotten only if not assigned again: the eager protocol revokes every partition on each rebalance.
            revoked.addAll(partitions);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            List<TopicPartition> feats = List.copyOf(partitions);
            owned.addAll(feats);
            revoked.removeAll(feats);
            Set<String> gone = new java.util.HashSet<>();
            for (TopicPartition tp : revoked) {
                Set<String> assets = assetsOf.remove(tp);
                if (assets != null) gone.addAll(assets);
            }
            revoked.clear();
            if (!gone.isEmpty()) steps.forget(gone);
            Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(Set.copyOf(feats));
            Map<TopicPartition, Long> beginnings = consumer.beginningOffsets(feats);
            for (TopicPartition tp : feats) {
                OffsetAndMetadata c = committed.get(tp);
                if (c == null) continue; // never consumed: start at the beginning, nothing to warm up
                long from = Math.max(beginnings.getOrDefault(tp, 0L), c.offset() - settings.warmUpRecords());
                warmUpUntil.put(tp, c.offset());
                consumer.seek(tp, from);
            }
            LOG.info("{}: assigned {}", who(), feats);
        }
    }

    /** Stops the loop after the current batch; returns when its clients are closed. */
    @Override
    public void close() {
        running.set(false);
        if (started.compareAndSet(false, true)) { // never ran: nobody else closes the clients
            closeClients();
            stopped.countDown();
        }
        consumer.wakeup();
        updates.wakeup();
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void closeClients() {
        owned.clear();
        try {
            consumer.close(Duration.ofSeconds(5)); // leaves the group: the others take its partitions at once
        } finally {
            try {
                updates.close();
            } finally {
                producer.close(Duration.ofSeconds(5));
            }
        }
    }
}

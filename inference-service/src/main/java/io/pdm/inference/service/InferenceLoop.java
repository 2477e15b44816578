package io.pdm.inference.service;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
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
import java.nio.charset.StandardCharsets;
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
 * <p>State (each asset's window, baseline and alert policy) lives in memory and is rebuilt on start by replaying the
 * last {@code warmUpRecords} feature vectors of each partition before the committed offset, with outputs discarded.
 * Model updates are read from the start of their topic on every assignment, so the newest version is in service
 * again after a restart.
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
     * @param instance      distinguishes instances of one plant's service (the transactional id includes it)
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

    private static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final Settings settings;
    private final Steps steps;
    private final InferenceStore store;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final KafkaProducer<String, byte[]> producer;
    private final AvroCodec<FeatureVector> features = AvroCodec.of(FeatureVector.class);
    private final AvroCodec<PredictionRecord> predictions = AvroCodec.of(PredictionRecord.class);
    private final AvroCodec<AlertRecord> alerts = AvroCodec.of(AlertRecord.class);
    private final String featuresTopic, updatesTopic, predictionsTopic, alertsTopic;
    private final Map<TopicPartition, Long> warmUpUntil = new HashMap<>();
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
        consumer =
                new KafkaConsumer<>(consumerProps(settings), new ByteArrayDeserializer(), new ByteArrayDeserializer());
        producer = new KafkaProducer<>(producerProps(settings), new StringSerializer(), new ByteArraySerializer());
        scored = meters.counter("pdm.inference.windows", "plant", plant);
        published = meters.counter("pdm.inference.alerts", "plant", plant);
        rejected = meters.counter("pdm.inference.rejected", "plant", plant);
        batchTimer = meters.timer("pdm.inference.batch", "plant", plant);
    }

    static Properties consumerProps(Settings s) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, s.bootstrap());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "pdm-inference-" + s.plant());
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
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "pdm-inference-" + s.plant() + "-" + s.instance());
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        p.putAll(s.kafkaSecurity().clientProperties());
        return p;
    }

    @Override
    public void run() {
        if (!started.compareAndSet(false, true)) throw new IllegalStateException("the loop runs once");
        try {
            producer.initTransactions();
            consumer.subscribe(List.of(featuresTopic, updatesTopic), new Rebalance());
            while (running.get()) {
                ConsumerRecords<byte[], byte[]> batch = consumer.poll(settings.pollTimeout());
                if (!batch.isEmpty()) batchTimer.record(() -> process(batch));
            }
        } catch (WakeupException e) {
            if (running.get()) throw e;
        } catch (RuntimeException e) {
            LOG.error("inference loop of plant {} stopped: {}", settings.plant(), e.toString(), e);
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
            if (record.topic().equals(updatesTopic)) {
                // A swap takes effect for the vectors after it: score those polled before it first.
                score(vectors, warmUps, outPredictions, outAlerts);
                onModelUpdate(record);
                continue;
            }
            offsets.put(tp, new OffsetAndMetadata(record.offset() + 1));
            try {
                vectors.add(features.decode(record.value()));
            } catch (RuntimeException e) {
                // The feature pipeline wrote it; a record we cannot read is skipped (and counted), never fatal.
                rejected.increment();
                LOG.warn("skipping undecodable feature vector at {}@{}: {}", tp, record.offset(), e.toString());
                continue;
            }
            Long until = warmUpUntil.get(tp);
            warmUps.add(until != null && record.offset() < until);
        }
        score(vectors, warmUps, outPredictions, outAlerts);
        if (offsets.isEmpty()) return;
        store.save(outPredictions, outAlerts);
        producer.beginTransaction();
        try {
            for (PredictionRecord p : outPredictions) {
                producer.send(new ProducerRecord<>(predictionsTopic, p.getAsset(), predictions.encode(p)));
            }
            for (AlertRecord a : outAlerts) {
                producer.send(new ProducerRecord<>(alertsTopic, a.getAsset(), alerts.encode(a)));
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

    private void onModelUpdate(ConsumerRecord<byte[], byte[]> record) {
        try {
            ModelUpdate update = JSON.readValue(new String(record.value(), StandardCharsets.UTF_8), ModelUpdate.class);
            steps.onModelUpdate(update);
        } catch (Exception e) {
            rejected.increment();
            LOG.warn("ignoring unreadable model update at offset {}: {}", record.offset(), e.toString());
        }
    }

    /** Rewinds feature partitions for the warm-up and model-update partitions to their start. */
    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            partitions.forEach(warmUpUntil::remove);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            List<TopicPartition> updates = new ArrayList<>();
            List<TopicPartition> feats = new ArrayList<>();
            for (TopicPartition tp : partitions) {
                (tp.topic().equals(updatesTopic) ? updates : feats).add(tp);
            }
            consumer.seekToBeginning(updates);
            Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(Set.copyOf(feats));
            Map<TopicPartition, Long> beginnings = consumer.beginningOffsets(feats);
            for (TopicPartition tp : feats) {
                OffsetAndMetadata c = committed.get(tp);
                if (c == null) continue; // never consumed: start at the beginning, nothing to warm up
                long from = Math.max(beginnings.getOrDefault(tp, 0L), c.offset() - settings.warmUpRecords());
                warmUpUntil.put(tp, c.offset());
                consumer.seek(tp, from);
            }
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
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void closeClients() {
        try {
            consumer.close(Duration.ofSeconds(5));
        } finally {
            producer.close(Duration.ofSeconds(5));
        }
    }
}

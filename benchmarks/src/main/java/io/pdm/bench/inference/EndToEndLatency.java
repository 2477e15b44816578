package io.pdm.bench.inference;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pdm.assets.AssetType;
import io.pdm.assets.AssetTypeMapping;
import io.pdm.assets.lives.Life;
import io.pdm.inference.facts.FactSheet;
import io.pdm.inference.service.InferenceLoop;
import io.pdm.inference.service.MaintenanceContext;
import io.pdm.inference.service.PlantSteps;
import io.pdm.inference.store.InferenceStore;
import io.pdm.inference.writer.AlertTexts;
import io.pdm.inference.writer.WrittenAlert;
import io.pdm.schemas.AvroCodec;
import io.pdm.schemas.Topics;
import io.pdm.schemas.avro.AlertRecord;
import io.pdm.schemas.avro.FeatureVector;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Latency from a feature vector produced on {@code pdm.{plant}.features.v1} to its alert consumed from {@code
 * pdm.{plant}.alerts.v1}, through the real {@link InferenceLoop} (transactions, the store, the writer chain), at a
 * paced rate well below capacity so the figure is latency, not queueing. The baseline, measured in the same run on the
 * same broker: a feature vector's own trip from producer to a read-committed consumer. Times are this JVM's clock
 * at produce and at consume.
 */
public final class EndToEndLatency {
    /**
     * Latencies in milliseconds.
     *
     * @param texts who wrote the alerts' texts (the writer on its first attempt, after the rewrite, or the template in
     *     its place) and how long each took
     */
    public record Result(
            String writer,
            int vectors,
            int alerts,
            double p50,
            double p99,
            double baseP50,
            double baseP99,
            TextTally.Summary texts) {
        public double p99Ratio() {
            return p99 / baseP99;
        }
    }

    private EndToEndLatency() {}

    /**
     * @param plant     a plant name of its own (topics are created by the caller)
     * @param lives     replayed as assets, all of them in parallel, one step of each in turn
     * @param perSecond feature vectors per second
     */
    public static Result run(
            String bootstrap,
            String jdbc,
            String plant,
            AssetType type,
            Path baseDir,
            List<Life> lives,
            String writer,
            AlertTexts texts,
            int perSecond)
            throws Exception {
        TextTally tally = new TextTally();
        PlantSteps steps = PlantSteps.open(
                plant,
                AssetTypeMapping.all(type.id()),
                List.of(type),
                Map.of(type.id(), baseDir),
                MaintenanceContext.NONE,
                new AlertTexts() {
                    @Override
                    public WrittenAlert apply(FactSheet sheet) {
                        WrittenAlert w = texts.apply(sheet);
                        tally.add(sheet, w);
                        return w;
                    }

                    @Override
                    public List<WrittenAlert> writeAll(List<FactSheet> sheets) {
                        // the poll batch's alerts reach the pipeline together, as in the service
                        List<WrittenAlert> written = texts.writeAll(sheets);
                        for (int i = 0; i < sheets.size(); i++) tally.add(sheets.get(i), written.get(i));
                        return written;
                    }
                },
                Clock.systemUTC());
        InferenceLoop loop = new InferenceLoop(
                new InferenceLoop.Settings(bootstrap, plant, "bench", Duration.ofMillis(20), 0),
                steps,
                InferenceStore.of(jdbc).migrate(),
                new SimpleMeterRegistry());
        Thread thread = new Thread(loop, "pdm-bench-inference");
        thread.setDaemon(true);
        thread.start();
        Map<String, Long> producedAt = new ConcurrentHashMap<>(); // asset@windowEnd → nanoTime
        List<Double> alertMs = new ArrayList<>(), baseMs = new ArrayList<>();
        AvroCodec<FeatureVector> features = AvroCodec.of(FeatureVector.class);
        AvroCodec<AlertRecord> alerts = AvroCodec.of(AlertRecord.class);
        LifeReplay shape = new LifeReplay(plant, type, baseDir);
        Duration step = type.step().duration() == null
                ? LifeReplay.NOMINAL_STEP
                : type.step().duration();
        int vectors = 0;
        try (KafkaProducer<String, byte[]> producer = producer(bootstrap);
                KafkaConsumer<byte[], byte[]> alertConsumer = consumer(bootstrap, Topics.alerts(plant));
                KafkaConsumer<byte[], byte[]> featureConsumer = consumer(bootstrap, Topics.features(plant))) {
            warmUp(producer, bootstrap, plant, shape, lives.get(0), step, features);
            long pause = 1_000_000_000L / perSecond;
            long next = System.nanoTime();
            int longest = lives.stream().mapToInt(Life::steps).max().orElse(0);
            for (int i = 0; i < longest; i++) {
                for (Life life : lives) {
                    if (i >= life.steps()) continue;
                    String asset = LifeReplay.assetOf(life);
                    Instant end = LifeReplay.T0.plus(step.multipliedBy(i + 1));
                    FeatureVector fv = shape.vector(life, i, asset, end, step);
                    while (System.nanoTime() < next) Thread.onSpinWait();
                    next += pause;
                    producedAt.put(asset + "@" + end.toEpochMilli(), System.nanoTime());
                    producer.send(new ProducerRecord<>(Topics.features(plant), asset, features.encode(fv)));
                    vectors++;
                    drain(alertConsumer, featureConsumer, producedAt, alerts, features, alertMs, baseMs, Duration.ZERO);
                }
            }
            producer.flush();
            // A slow writer holds back whole poll batches (their alerts commit together): wait until no alert came
            // for 2 minutes, at most 5 minutes, so a writer that falls behind is measured, not cut off.
            long cap = System.nanoTime() + 300_000_000_000L;
            long until = System.nanoTime() + 120_000_000_000L;
            int seen = alertMs.size();
            while (System.nanoTime() < until && System.nanoTime() < cap) {
                if (alertMs.size() > seen) {
                    seen = alertMs.size();
                    until = System.nanoTime() + 120_000_000_000L;
                }
                drain(
                        alertConsumer,
                        featureConsumer,
                        producedAt,
                        alerts,
                        features,
                        alertMs,
                        baseMs,
                        Duration.ofMillis(100));
            }
        } finally {
            loop.close();
            thread.join(10_000);
        }
        return new Result(
                writer,
                vectors,
                alertMs.size(),
                SourceResult.quantile(alertMs, 0.5),
                SourceResult.quantile(alertMs, 0.99),
                SourceResult.quantile(baseMs, 0.5),
                SourceResult.quantile(baseMs, 0.99),
                tally.summary());
    }

    /**
     * Waits until the loop has joined its group and scores: a first vector of a throw-away asset must come back as a
     * prediction (the group's first rebalance alone takes seconds, which is start-up, not latency).
     */
    private static void warmUp(
            KafkaProducer<String, byte[]> producer,
            String bootstrap,
            String plant,
            LifeReplay shape,
            Life life,
            Duration step,
            AvroCodec<FeatureVector> features) {
        try (KafkaConsumer<byte[], byte[]> predictions = consumer(bootstrap, Topics.predictions(plant))) {
            for (int i = 0; i < 600; i++) {
                FeatureVector fv = shape.vector(life, 0, "warm-up", LifeReplay.T0.plus(step.multipliedBy(i + 1)), step);
                producer.send(new ProducerRecord<>(Topics.features(plant), "warm-up", features.encode(fv)));
                producer.flush();
                if (!predictions.poll(Duration.ofMillis(100)).isEmpty()) return;
            }
            throw new IllegalStateException("the inference loop did not score within 60 s");
        }
    }

    private static void drain(
            KafkaConsumer<byte[], byte[]> alertConsumer,
            KafkaConsumer<byte[], byte[]> featureConsumer,
            Map<String, Long> producedAt,
            AvroCodec<AlertRecord> alerts,
            AvroCodec<FeatureVector> features,
            List<Double> alertMs,
            List<Double> baseMs,
            Duration wait) {
        for (ConsumerRecord<byte[], byte[]> r : alertConsumer.poll(wait)) {
            long now = System.nanoTime();
            AlertRecord a = alerts.decode(r.value());
            Long t = producedAt.get(a.getAsset() + "@" + a.getOccurredAt().toEpochMilli());
            if (t != null) alertMs.add((now - t) / 1e6);
        }
        for (ConsumerRecord<byte[], byte[]> r : featureConsumer.poll(Duration.ZERO)) {
            long now = System.nanoTime();
            FeatureVector fv = features.decode(r.value());
            Long t = producedAt.get(fv.getAsset() + "@" + fv.getWindowEnd().toEpochMilli());
            if (t != null) baseMs.add((now - t) / 1e6);
        }
    }

    static KafkaProducer<String, byte[]> producer(String bootstrap) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    static KafkaConsumer<byte[], byte[]> consumer(String bootstrap, String topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "pdm-bench-" + topic + "-" + System.nanoTime());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        KafkaConsumer<byte[], byte[]> c =
                new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        c.subscribe(List.of(topic));
        long until = System.nanoTime() + 10_000_000_000L;
        while (c.assignment().isEmpty() && System.nanoTime() < until) c.poll(Duration.ofMillis(100));
        return c;
    }
}

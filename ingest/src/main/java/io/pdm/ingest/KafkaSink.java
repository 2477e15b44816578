package io.pdm.ingest;

import io.pdm.schemas.AvroCodec;
import io.pdm.schemas.Ids;
import io.pdm.schemas.Topics;
import io.pdm.schemas.avro.DeadLetterRecord;
import io.pdm.schemas.avro.MaintenanceLogRecord;
import io.pdm.schemas.avro.TelemetryRecord;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The one Kafka producer of an ingest instance, shared by the MQTT bridge and the REST intake.
 * Values are Avro single-object encoded, keys the asset id. The producer is idempotent with
 * {@code acks=all}: a callback without exception means the record is durably in the log.
 */
public final class KafkaSink implements AutoCloseable {
    /** Header with the original bytes of a dead letter (also in the record's payload field). */
    public static final String HEADER_PAYLOAD = "pdm-payload";

    /** Completion of one send; {@code error} is null on success. Runs on Kafka's I/O thread: keep it short. */
    @FunctionalInterface
    public interface Callback {
        void done(Exception error);
    }

    private static final AvroCodec<TelemetryRecord> TELEMETRY = AvroCodec.of(TelemetryRecord.class);
    private static final AvroCodec<MaintenanceLogRecord> MAINTENANCE = AvroCodec.of(MaintenanceLogRecord.class);
    private static final AvroCodec<DeadLetterRecord> DEAD_LETTER = AvroCodec.of(DeadLetterRecord.class);

    private final KafkaProducer<byte[], byte[]> producer;
    private final IngestMetrics metrics;
    private final String fallbackPlant;
    private final int maxDeadLetterPayload;
    // Topic names are computed per record otherwise; plants are few.
    private final Map<String, String[]> topics = new ConcurrentHashMap<>();

    public KafkaSink(IngestConfig config, IngestMetrics metrics) {
        this.producer =
                new KafkaProducer<>(producerProps(config), new ByteArraySerializer(), new ByteArraySerializer());
        this.metrics = metrics;
        this.fallbackPlant = config.fallbackPlant();
        this.maxDeadLetterPayload = config.limits().maxPayloadBytes();
    }

    /** Defaults tuned for many small records; the config's extras go over them, except the durability settings. */
    static Map<String, Object> producerProps(IngestConfig config) {
        Map<String, Object> p = new HashMap<>();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafkaBootstrap());
        p.put(ProducerConfig.CLIENT_ID_CONFIG, config.clientIdPrefix() + "-producer");
        p.put(ProducerConfig.LINGER_MS_CONFIG, 2); // acks wait for it: it adds to MQTT in-flight time
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 64L * 1024 * 1024);
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        p.putAll(config.producerProps());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.putAll(config.kafkaSecurity().clientProperties()); // the one security setting wins over extras
        return p;
    }

    public void telemetry(TelemetryRecord r, Callback cb) {
        send(topicsOf(r.getPlant())[0], r.getAsset(), TELEMETRY.encode(r), null, cb, true);
    }

    public void maintenance(MaintenanceLogRecord r, Callback cb) {
        send(topicsOf(r.getPlant())[1], r.getAsset(), MAINTENANCE.encode(r), null, cb, true);
    }

    /**
     * Dead-letters rejected input to {@code Topics.dlq(plant)}, or to the fallback plant's DLQ when
     * the plant id itself is invalid. The payload is kept unchanged (cut at the payload limit when
     * the rejection is that it was too large).
     */
    public void deadLetter(
            String plant,
            String asset,
            String source,
            Rejection rejection,
            byte[] payload,
            long receivedAt,
            Callback cb) {
        metrics.rejected(rejection.reason());
        // an invalid or unknown plant has no topics: its input goes to the fallback plant's DLQ
        String target = Ids.isValid(plant) && rejection.reason() != RejectReason.UNKNOWN_PLANT ? plant : fallbackPlant;
        byte[] kept = payload.length > maxDeadLetterPayload ? Arrays.copyOf(payload, maxDeadLetterPayload) : payload;
        DeadLetterRecord dl = DeadLetterRecord.newBuilder()
                .setPlant(plant == null ? "" : plant)
                .setAsset(asset)
                .setSource(source)
                .setReason(rejection.reason().name())
                .setDetail(rejection.detail())
                .setReceivedAt(Instant.ofEpochMilli(receivedAt))
                .setPayload(ByteBuffer.wrap(kept))
                .build();
        RecordHeaders headers = new RecordHeaders();
        headers.add(
                new RecordHeader(Topics.HEADER_REASON, utf8(rejection.reason().name())));
        headers.add(new RecordHeader(Topics.HEADER_DETAIL, utf8(rejection.detail())));
        headers.add(new RecordHeader(Topics.HEADER_SOURCE, utf8(source)));
        headers.add(new RecordHeader(HEADER_PAYLOAD, kept));
        send(topicsOf(target)[2], asset, DEAD_LETTER.encode(dl), headers, cb, false);
    }

    private void send(
            String topic, String key, byte[] value, RecordHeaders headers, Callback cb, boolean countForwarded) {
        ProducerRecord<byte[], byte[]> record =
                new ProducerRecord<>(topic, null, key == null ? null : utf8(key), value, headers);
        try {
            producer.send(record, (meta, e) -> {
                if (e == null) {
                    if (countForwarded) metrics.forwarded();
                } else {
                    metrics.sendFailed();
                }
                cb.done(e);
            });
        } catch (RuntimeException e) { // e.g. buffer full past max.block.ms, producer closed
            metrics.sendFailed();
            cb.done(e);
        }
    }

    private String[] topicsOf(String plant) {
        return topics.computeIfAbsent(
                plant, p -> new String[] {Topics.telemetry(p), Topics.maintenanceLogs(p), Topics.dlq(p)});
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    public void flush() {
        producer.flush();
    }

    /** Flushes outstanding records (their callbacks run) and closes the producer. */
    @Override
    public void close() {
        producer.close(Duration.ofSeconds(30));
    }

    /** Closes without waiting: unsent records fail. Used to simulate a crash. */
    void abort() {
        producer.close(Duration.ZERO);
    }
}

package io.pdm.features.flink;

import io.pdm.features.records.DeadLetter;
import io.pdm.features.records.Decoded;
import io.pdm.schemas.AvroCodec;
import io.pdm.schemas.avro.MaintenanceLogRecord;
import io.pdm.schemas.avro.TelemetryRecord;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.metrics.Counter;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka value deserializer that never fails the job: a record that does not decode (bad bytes,
 * unknown schema fingerprint, null value, missing fields) becomes a {@link DeadLetter} with the
 * original bytes, counted in the metric {@code undecodableRecords} and logged (rate-limited to
 * the first few per task), and the job routes it to {@code Topics.dlq(plant)}.
 */
public final class DecodingDeserializer implements KafkaRecordDeserializationSchema<Decoded> {
    private static final Logger LOG = LoggerFactory.getLogger(DecodingDeserializer.class);
    private static final long serialVersionUID = 1L;
    public static final String REASON = "UNDECODABLE_AVRO";

    public enum Kind {
        TELEMETRY,
        MAINTENANCE_LOG
    }

    private final Kind kind;
    private final String plant;
    private transient AvroCodec<TelemetryRecord> telemetry;
    private transient AvroCodec<MaintenanceLogRecord> logs;
    private transient Counter undecodable;
    private transient long logged;

    public DecodingDeserializer(Kind kind, String plant) {
        this.kind = kind;
        this.plant = plant;
    }

    @Override
    public void open(DeserializationSchema.InitializationContext context) {
        undecodable = context.getMetricGroup().counter("undecodableRecords");
        init();
    }

    private void init() {
        if (kind == Kind.TELEMETRY) telemetry = AvroCodec.of(TelemetryRecord.class);
        else logs = AvroCodec.of(MaintenanceLogRecord.class);
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<Decoded> out) {
        out.collect(decode(
                record.topic(), record.partition(), record.offset(), record.key(), record.value(), record.timestamp()));
    }

    /** Decodes one value; public so the decoding rules are testable without a broker. */
    public Decoded decode(String topic, int partition, long offset, byte[] key, byte[] value, long kafkaTs) {
        if (telemetry == null && logs == null) init();
        try {
            if (value == null) throw new IllegalArgumentException("null value (tombstone)");
            return kind == Kind.TELEMETRY
                    ? Decoded.of(Conversions.toReading(telemetry.decode(value)))
                    : Decoded.of(Conversions.toLog(logs.decode(value)));
        } catch (RuntimeException e) {
            if (undecodable != null) undecodable.inc();
            if (logged++ < 10) LOG.warn("undecodable record {}:{}@{}: {}", topic, partition, offset, e.toString());
            String asset = key == null ? null : new String(key, StandardCharsets.UTF_8);
            return Decoded.of(new DeadLetter(
                    plant,
                    asset,
                    "kafka:" + topic + ":" + partition + ":" + offset,
                    REASON,
                    String.valueOf(e.getMessage()),
                    kafkaTs,
                    value == null ? new byte[0] : value));
        }
    }

    @Override
    public TypeInformation<Decoded> getProducedType() {
        return TypeInformation.of(Decoded.class);
    }
}

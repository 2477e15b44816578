package io.pdm.features.flink;

import io.pdm.features.records.DeadLetter;
import io.pdm.features.records.Features;
import io.pdm.features.records.Reading;
import io.pdm.schemas.AvroCodec;
import io.pdm.schemas.Topics;
import io.pdm.schemas.avro.DeadLetterRecord;
import io.pdm.schemas.avro.FeatureVector;
import io.pdm.schemas.avro.TelemetryRecord;
import java.nio.charset.StandardCharsets;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Kafka record serializers: internal type to Avro single-object encoding at the sink, key = asset
 * (UTF-8), so the Avro classes never travel between Flink operators.
 */
public final class KafkaSerializers {
    private KafkaSerializers() {}

    private static byte[] key(String asset) {
        return asset == null ? null : asset.getBytes(StandardCharsets.UTF_8);
    }

    public static final class FeaturesSchema implements KafkaRecordSerializationSchema<Features> {
        private final String topic;
        private transient AvroCodec<FeatureVector> codec;

        public FeaturesSchema(String topic) {
            this.topic = topic;
        }

        @Override
        public ProducerRecord<byte[], byte[]> serialize(Features f, KafkaSinkContext ctx, Long ts) {
            if (codec == null) codec = AvroCodec.of(FeatureVector.class);
            return new ProducerRecord<>(
                    topic, null, f.windowEnd(), key(f.asset()), codec.encode(Conversions.toAvro(f)));
        }
    }

    public static final class TelemetrySchema implements KafkaRecordSerializationSchema<Reading> {
        private final String topic;
        private transient AvroCodec<TelemetryRecord> codec;

        public TelemetrySchema(String topic) {
            this.topic = topic;
        }

        @Override
        public ProducerRecord<byte[], byte[]> serialize(Reading r, KafkaSinkContext ctx, Long ts) {
            if (codec == null) codec = AvroCodec.of(TelemetryRecord.class);
            return new ProducerRecord<>(topic, null, r.ts(), key(r.asset()), codec.encode(Conversions.toAvro(r)));
        }
    }

    /** Dead letters with the same headers ingest writes ({@code pdm-reason}, {@code pdm-detail}, {@code pdm-source}). */
    public static final class DeadLetterSchema implements KafkaRecordSerializationSchema<DeadLetter> {
        private final String topic;
        private transient AvroCodec<DeadLetterRecord> codec;

        public DeadLetterSchema(String topic) {
            this.topic = topic;
        }

        @Override
        public ProducerRecord<byte[], byte[]> serialize(DeadLetter d, KafkaSinkContext ctx, Long ts) {
            if (codec == null) codec = AvroCodec.of(DeadLetterRecord.class);
            ProducerRecord<byte[], byte[]> r =
                    new ProducerRecord<>(topic, null, null, key(d.asset()), codec.encode(Conversions.toAvro(d)));
            r.headers().add(Topics.HEADER_REASON, d.reason().getBytes(StandardCharsets.UTF_8));
            r.headers().add(Topics.HEADER_DETAIL, d.detail().getBytes(StandardCharsets.UTF_8));
            r.headers().add(Topics.HEADER_SOURCE, d.source().getBytes(StandardCharsets.UTF_8));
            return r;
        }
    }
}

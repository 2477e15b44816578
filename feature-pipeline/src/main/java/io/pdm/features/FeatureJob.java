package io.pdm.features;

import io.pdm.features.flink.AssetWindows;
import io.pdm.features.flink.CountLate;
import io.pdm.features.flink.DecodingDeserializer;
import io.pdm.features.flink.KafkaSerializers;
import io.pdm.features.flink.MaintenanceJoin;
import io.pdm.features.flink.Observation;
import io.pdm.features.flink.SplitDecoded;
import io.pdm.features.flink.Summarize;
import io.pdm.features.records.DeadLetter;
import io.pdm.features.records.Decoded;
import io.pdm.features.records.Features;
import io.pdm.features.records.MaintenanceLog;
import io.pdm.features.records.Reading;
import io.pdm.features.store.ConnectionFactory;
import io.pdm.features.store.SinkOptions;
import io.pdm.schemas.KafkaSecurity;
import io.pdm.schemas.Topics;
import java.util.Properties;
import org.apache.flink.api.common.eventtime.SerializableTimestampAssigner;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.OutputTag;
import org.apache.flink.util.ParameterTool;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/**
 * The per-plant feature job: telemetry and maintenance logs from Kafka, windowed features per
 * asset joined with maintenance context, back to Kafka.
 *
 * <p>Sinks are AT_LEAST_ONCE. After a failure the job replays from the last checkpoint and may
 * re-send some feature vectors; every consumer already has to treat a vector as an upsert keyed
 * by (asset, windowStart), because allowed lateness re-fires windows with updated values anyway.
 * EXACTLY_ONCE would hold every record in a Kafka transaction until the next checkpoint (adding
 * up to one checkpoint interval of latency to alerts) and needs read_committed consumers, for no
 * gain under upsert semantics.
 *
 * <p>Undecodable records never fail the job: they are counted ({@code undecodableRecords}) and
 * written with their original bytes to {@code Topics.dlq(plant)}. Telemetry later than the
 * allowed lateness is counted ({@code lateReadings}) and written to {@code Topics.telemetryLate(plant)}.
 *
 * <p>There is no job-wide watermark: each asset's windows close on that asset's own event time
 * ({@link AssetWindows}), with a processing-time bound for an asset that falls silent, and the
 * maintenance join cleans up in processing time. So one asset's clock (a replay, a gateway
 * flushing buffered hours, a drifting device) never holds back another's.
 */
public final class FeatureJob {
    private FeatureJob() {}

    /** Window input that arrived after the allowed lateness. */
    public static final OutputTag<Observation> LATE = AssetWindows.LATE;

    /**
     * The job's streams, for attaching sinks. {@code telemetry} and {@code maintenanceLogs} are
     * the decoded inputs (record timestamps = event time; no watermarks), {@code features} the windowed features with
     * maintenance context, {@code late} the readings past the allowed lateness, {@code deadLetters}
     * the undecodable input records.
     */
    public record Streams(
            DataStream<Reading> telemetry,
            DataStream<MaintenanceLog> maintenanceLogs,
            DataStream<Features> features,
            DataStream<Reading> late,
            DataStream<DeadLetter> deadLetters) {}

    /** Builds the whole pipeline from the plant's Kafka topics (sinks not attached). */
    public static Streams build(StreamExecutionEnvironment env, FeatureJobConfig c) {
        if (c.checkpointInterval().toMillis() > 0)
            env.enableCheckpointing(c.checkpointInterval().toMillis());
        if (c.parallelism() > 0) env.setParallelism(c.parallelism());
        SingleOutputStreamOperator<Reading> readings = env.fromSource(
                        source(c, Topics.telemetry(c.plant()), DecodingDeserializer.Kind.TELEMETRY),
                        timestamps(FeatureJob::decodedTs),
                        "telemetry-source")
                .uid("telemetry-source")
                .process(new SplitDecoded.Readings())
                .name("decode-telemetry")
                .uid("decode-telemetry");
        SingleOutputStreamOperator<MaintenanceLog> logs = env.fromSource(
                        source(c, Topics.maintenanceLogs(c.plant()), DecodingDeserializer.Kind.MAINTENANCE_LOG),
                        timestamps(FeatureJob::decodedTs),
                        "maintenance-log-source")
                .uid("maintenance-log-source")
                .process(new SplitDecoded.Logs())
                .name("decode-maintenance-logs")
                .uid("decode-maintenance-logs");
        DataStream<DeadLetter> dead =
                readings.getSideOutput(SplitDecoded.DEAD_LETTERS).union(logs.getSideOutput(SplitDecoded.DEAD_LETTERS));
        return wire(c, readings, logs, dead);
    }

    /**
     * The feature logic on already decoded streams; used by {@link #build}, tests and the benchmark.
     * Nothing here reads watermarks: windows run on each reading's own {@code ts}.
     */
    public static Streams wire(
            FeatureJobConfig c,
            DataStream<Reading> readings,
            DataStream<MaintenanceLog> logs,
            DataStream<DeadLetter> deadLetters) {
        TypeInformation<Features> featuresType = TypeInformation.of(Features.class);
        SingleOutputStreamOperator<Features> windowed = windowFeatures(
                c,
                readings.map(new Summarize(c.bands()))
                        .name("summarize-waveforms")
                        .uid("summarize-waveforms"));
        DataStream<Reading> late = windowed.getSideOutput(LATE)
                .map(new CountLate())
                .returns(Reading.class)
                .name("count-late")
                .uid("count-late");
        DataStream<Features> features = windowed.keyBy(Features::asset, Types.STRING)
                .connect(logs.keyBy(MaintenanceLog::asset, Types.STRING))
                .process(new MaintenanceJoin(c.maintenanceRetention()), featuresType)
                .name("maintenance-context")
                .uid("maintenance-context");
        return new Streams(readings, logs, features, late, deadLetters);
    }

    /**
     * Event-time windows per asset on the asset's own clock ({@link AssetWindows}); late input on
     * the {@link #LATE} side output. Its uid is pinned ({@code OperatorUidsTest}): savepoints keep the open
     * windows under it (docs/operations.md).
     */
    public static SingleOutputStreamOperator<Features> windowFeatures(
            FeatureJobConfig c, DataStream<Observation> observations) {
        return observations
                .keyBy(Observation::asset, Types.STRING)
                .process(new AssetWindows(c), TypeInformation.of(Features.class))
                .name("window-features")
                .uid("asset-window-features");
    }

    /**
     * Record timestamps from the event time, and no watermarks: no operator of this job may wait for
     * a job-wide clock, which would be the slowest asset's.
     */
    public static <T> WatermarkStrategy<T> timestamps(SerializableTimestampAssigner<T> ts) {
        return WatermarkStrategy.<T>noWatermarks().withTimestampAssigner(ts);
    }

    /** Dead letters get Long.MIN_VALUE: they have no event time. */
    static long decodedTs(Decoded d, long kafkaTs) {
        if (d.reading() != null) return d.reading().ts();
        if (d.log() != null) return d.log().ts();
        return Long.MIN_VALUE;
    }

    static KafkaSource<Decoded> source(FeatureJobConfig c, String topic, DecodingDeserializer.Kind kind) {
        return KafkaSource.<Decoded>builder()
                .setBootstrapServers(c.bootstrapServers())
                .setTopics(topic)
                .setGroupId(c.groupId())
                .setClientIdPrefix(c.groupId() + "-" + kind.name().toLowerCase())
                .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
                .setProperties(securityProperties(c))
                .setDeserializer(new DecodingDeserializer(kind, c.plant()))
                .build();
    }

    /** Features to {@code Topics.features}, late telemetry to {@code Topics.telemetryLate}, dead letters to {@code Topics.dlq}. */
    public static void attachKafkaSinks(Streams s, FeatureJobConfig c) {
        s.features()
                .sinkTo(sink(c, new KafkaSerializers.FeaturesSchema(Topics.features(c.plant()))))
                .name("features-sink")
                .uid("features-sink");
        s.late()
                .sinkTo(sink(c, new KafkaSerializers.TelemetrySchema(Topics.telemetryLate(c.plant()))))
                .name("late-telemetry-sink")
                .uid("late-telemetry-sink");
        s.deadLetters()
                .sinkTo(sink(c, new KafkaSerializers.DeadLetterSchema(Topics.dlq(c.plant()))))
                .name("dlq-sink")
                .uid("dlq-sink");
    }

    private static <T> KafkaSink<T> sink(FeatureJobConfig c, KafkaRecordSerializationSchema<T> schema) {
        return KafkaSink.<T>builder()
                .setBootstrapServers(c.bootstrapServers())
                .setRecordSerializer(schema)
                .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                .setKafkaProducerConfig(securityProperties(c))
                .build();
    }

    /** The job's {@link io.pdm.schemas.KafkaSecurity} as client properties (TLS, mTLS or SCRAM; PLAINTEXT by default). */
    static Properties securityProperties(FeatureJobConfig c) {
        Properties p = new Properties();
        p.putAll(c.kafkaSecurity().clientProperties());
        return p;
    }

    /**
     * {@code FeatureJob --plant plant-a --kafka kafka:9092 [--jdbc jdbc:postgresql://…] [--window-size 60s
     * --window-slide 10s ...]} (or {@code PDM_PLANT}, {@code PDM_KAFKA}, {@code PDM_JDBC}, {@code PDM_FEATURES_WINDOW_SIZE}, …);
     * without {@code --jdbc} nothing is stored.
     */
    public static void main(String[] args) throws Exception {
        ParameterTool p = FeatureJobConfig.parameters(
                args, System.getenv(), ParameterTool.fromSystemProperties().toMap(), System.err::println);
        FeatureJobConfig c = FeatureJobConfig.from(p).withKafkaSecurity(KafkaSecurity.fromEnvironment());
        String jdbc = p.get("jdbc");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.getConfig().enableObjectReuse(); // safe: no function here mutates or holds its input
        PlantJob.build(env, c, jdbc == null ? null : ConnectionFactory.of(jdbc), SinkOptions.defaults());
        env.execute("pdm-features-" + c.plant());
    }
}

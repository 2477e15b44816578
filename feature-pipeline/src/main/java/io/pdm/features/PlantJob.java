package io.pdm.features;

import io.pdm.features.flink.KafkaDeadLetters;
import io.pdm.features.store.ConnectionFactory;
import io.pdm.features.store.JdbcSink;
import io.pdm.features.store.PdmSchema;
import io.pdm.features.store.SinkOptions;
import io.pdm.schemas.Topics;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * A plant's complete job: {@link FeatureJob}'s pipeline with its Kafka sinks and, when a database is
 * given, the PostgreSQL sinks for raw readings, features and maintenance logs. Used by
 * {@link FeatureJob#main} on a Flink cluster and by the launcher on the embedded MiniCluster.
 */
public final class PlantJob {
    private PlantJob() {}

    /**
     * Builds the job on {@code env}. With a database, migrates its schema first (idempotent), so a
     * fresh TimescaleDB or PostgreSQL database is ready before the first row arrives.
     */
    public static FeatureJob.Streams build(
            StreamExecutionEnvironment env, FeatureJobConfig config, ConnectionFactory db, SinkOptions options) {
        FeatureJob.Streams streams = FeatureJob.build(env, config);
        FeatureJob.attachKafkaSinks(streams, config);
        if (db != null) {
            PdmSchema.migrate(db);
            attachStore(streams, config, db, options);
        }
        return streams;
    }

    /**
     * The PostgreSQL sinks, without touching the database (the schema is {@link #build}'s job): a test lists the
     * whole graph's operators with them ({@code OperatorUidsTest}).
     */
    static void attachStore(
            FeatureJob.Streams streams, FeatureJobConfig config, ConnectionFactory db, SinkOptions options) {
        streams.telemetry()
                // A second, different value for a stored (asset, sensor, ms) goes to the plant's DLQ.
                .sinkTo(JdbcSink.readings(
                        db,
                        options.withRetention(true),
                        new KafkaDeadLetters(
                                config.bootstrapServers(),
                                Topics.dlq(config.plant()),
                                config.kafkaSecurity().clientProperties())))
                .name("store-readings")
                .uid("store-readings");
        streams.features()
                .sinkTo(JdbcSink.features(db, options))
                .name("store-features")
                .uid("store-features");
        streams.maintenanceLogs()
                .sinkTo(JdbcSink.maintenanceLogs(db, options))
                .name("store-maintenance-logs")
                .uid("store-maintenance-logs");
    }
}

package io.pdm.launcher;

import io.pdm.features.FeatureJob;
import io.pdm.features.FeatureJobConfig;
import io.pdm.features.store.ConnectionFactory;
import io.pdm.features.store.JdbcSink;
import io.pdm.features.store.PdmSchema;
import io.pdm.features.store.SinkOptions;
import org.apache.flink.api.common.JobID;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** Wires one plant's feature job: Kafka in, features and late readings to Kafka, everything to the plant's database. */
public final class PlantJobs {
    private PlantJobs() {}

    /** Migrates the plant's database, then submits its job to the MiniCluster. */
    public static JobID submit(EmbeddedFlink flink, FeatureJobConfig config, String jdbcUrl) throws Exception {
        ConnectionFactory db = ConnectionFactory.of(jdbcUrl);
        PdmSchema.migrate(db);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        FeatureJob.Streams streams = FeatureJob.build(env, config);
        FeatureJob.attachKafkaSinks(streams, config);
        SinkOptions options = SinkOptions.defaults();
        streams.telemetry().sinkTo(JdbcSink.readings(db, options)).name("store-readings").uid("store-readings");
        streams.features().sinkTo(JdbcSink.features(db, options)).name("store-features").uid("store-features");
        streams.maintenanceLogs().sinkTo(JdbcSink.maintenanceLogs(db, options)).name("store-maintenance-logs")
                .uid("store-maintenance-logs");
        return flink.submit(env, "pdm-features-" + config.plant());
    }
}

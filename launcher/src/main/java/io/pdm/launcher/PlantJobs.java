package io.pdm.launcher;

import io.pdm.features.FeatureJobConfig;
import io.pdm.features.PlantJob;
import io.pdm.features.store.ConnectionFactory;
import io.pdm.features.store.SinkOptions;
import org.apache.flink.api.common.JobID;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** Submits one plant's complete job (Kafka in, features to Kafka, everything to the plant's database) to the MiniCluster. */
public final class PlantJobs {
    private PlantJobs() {}

    public static JobID submit(EmbeddedFlink flink, FeatureJobConfig config, String jdbcUrl) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        // One slot per plant unless configured: the local default (one per core) would let the first
        // jobs take every slot of the shared MiniCluster and leave later plants waiting forever.
        env.setParallelism(1);
        PlantJob.build(env, config, ConnectionFactory.of(jdbcUrl), SinkOptions.defaults());
        return flink.submit(env, "pdm-features-" + config.plant());
    }
}

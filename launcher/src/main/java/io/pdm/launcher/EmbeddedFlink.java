package io.pdm.launcher;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * One Flink MiniCluster in this JVM that runs several jobs (one per plant), with its web UI / REST
 * endpoint on a chosen port so users can look at the jobs with Flink's own tools.
 */
public final class EmbeddedFlink implements AutoCloseable {
    private final MiniCluster cluster;
    private final List<JobID> jobs = new ArrayList<>();

    public EmbeddedFlink(int restPort, int slots) throws Exception {
        Configuration conf = new Configuration();
        conf.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
        conf.set(RestOptions.ADDRESS, "127.0.0.1");
        conf.set(RestOptions.PORT, restPort);
        // The BLOB server (job jars and artifacts) binds to jobmanager.bind-host, every interface unless set; the
        // task manager's data port likewise. Loopback, like everything else of the demo (issue 14).
        conf.set(JobManagerOptions.BIND_HOST, "127.0.0.1");
        conf.set(TaskManagerOptions.BIND_HOST, "127.0.0.1");
        // Small, fixed memory so the demo fits next to Kafka, PostgreSQL and the broker.
        conf.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, MemorySize.ofMebiBytes(64));
        conf.set(TaskManagerOptions.NETWORK_MEMORY_MIN, MemorySize.ofMebiBytes(64));
        conf.set(TaskManagerOptions.NETWORK_MEMORY_MAX, MemorySize.ofMebiBytes(64));
        cluster = new MiniCluster(new MiniClusterConfiguration.Builder()
                .setConfiguration(conf)
                .setNumTaskManagers(1)
                .setNumSlotsPerTaskManager(slots)
                .build());
        cluster.start();
    }

    /** Submits the pipeline built on {@code env} and returns at once; the job runs until cancelled. */
    public JobID submit(StreamExecutionEnvironment env, String jobName) throws Exception {
        var graph = env.getStreamGraph();
        graph.setJobName(jobName);
        JobID id =
                cluster.submitJob(graph.getJobGraph()).get(60, TimeUnit.SECONDS).getJobID();
        jobs.add(id);
        return id;
    }

    public URI restAddress() throws Exception {
        return cluster.getRestAddress().get(10, TimeUnit.SECONDS);
    }

    public MiniCluster cluster() {
        return cluster;
    }

    @Override
    public void close() throws Exception {
        for (JobID job : jobs) {
            try {
                cluster.cancelJob(job).get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                // Already finished or failed: closing the cluster below ends it either way.
            }
        }
        cluster.closeAsync().get(60, TimeUnit.SECONDS);
    }
}

package io.pdm.features;

import static org.assertj.core.api.Assertions.assertThat;

import io.pdm.features.store.ConnectionFactory;
import io.pdm.features.store.SinkOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.jobgraph.JobVertex;
import org.apache.flink.runtime.jobgraph.OperatorID;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.apache.flink.streaming.api.operators.AbstractUdfStreamOperator;
import org.apache.flink.streaming.api.operators.SimpleOperatorFactory;
import org.junit.jupiter.api.Test;

/**
 * Savepoint compatibility (issue 14): a savepoint maps each operator's state by the operator's uid. The plant job's
 * stateful operators are pinned here; renaming one, or adding one without a uid (Flink would derive an id from the
 * graph's shape, which changes with any edit), fails the build before a release would orphan state in a plant's
 * savepoint. The rule for changing this list is in docs/operations.md ("Upgrading the feature job").
 */
class OperatorUidsTest {
    /** uid → why it keeps state. Changing a uid is a breaking change for every plant's savepoints. */
    static final Map<String, String> PINNED_STATEFUL = Map.ofEntries(
            Map.entry("telemetry-source", "Kafka source: split offsets"),
            Map.entry("maintenance-log-source", "Kafka source: split offsets"),
            Map.entry("asset-window-features", "keyed: each asset's open windows and clock"),
            Map.entry("maintenance-context", "keyed: each asset's last maintenance logs"),
            Map.entry("features-sink", "Kafka sink writer"),
            Map.entry("late-telemetry-sink", "Kafka sink writer"),
            Map.entry("dlq-sink", "Kafka sink writer"),
            // Flink derives a Kafka sink's committer uid from the sink's; pinned too, since a Flink upgrade that
            // derived it differently would orphan the committer's state just the same.
            Map.entry("Sink Committer: features-sink", "Kafka sink committer"),
            Map.entry("Sink Committer: late-telemetry-sink", "Kafka sink committer"),
            Map.entry("Sink Committer: dlq-sink", "Kafka sink committer"),
            Map.entry("store-readings", "PostgreSQL sink writer"),
            Map.entry("store-features", "PostgreSQL sink writer"),
            Map.entry("store-maintenance-logs", "PostgreSQL sink writer"));

    private static StreamGraph plantJobGraph() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        FeatureJobConfig c =
                FeatureJobConfig.defaults("plant-uids", "127.0.0.1:9").withCheckpointInterval(Duration.ofSeconds(30));
        FeatureJob.Streams streams = FeatureJob.build(env, c);
        FeatureJob.attachKafkaSinks(streams, c);
        // The store's sinks as PlantJob adds them; the URL is never opened while the graph is built.
        PlantJob.attachStore(
                streams, c, ConnectionFactory.of("jdbc:postgresql://127.0.0.1:9/none"), SinkOptions.defaults());
        return env.getStreamGraph();
    }

    @Test
    void everyStatefulOperatorOfThePlantJobHasAPinnedUid() {
        Map<String, String> statefulByName = new TreeMap<>();
        List<String> withoutUid = new ArrayList<>();
        for (StreamNode node : plantJobGraph().getStreamNodes()) {
            if (!isStateful(node)) continue;
            String uid = node.getTransformationUID();
            if (uid == null) withoutUid.add(node.getOperatorName());
            else statefulByName.put(node.getOperatorName(), uid);
        }
        assertThat(withoutUid).as("stateful operators without an explicit uid").isEmpty();
        assertThat(new TreeSet<>(statefulByName.values()))
                .as("stateful operators' uids (%s)", statefulByName)
                .isEqualTo(new TreeSet<>(PINNED_STATEFUL.keySet()));
    }

    @Test
    void everyOperatorHasAnExplicitUidSoItsIdDoesNotDependOnTheGraphsShape() {
        List<String> withoutUid = new ArrayList<>();
        for (StreamNode node : plantJobGraph().getStreamNodes()) {
            if (node.getTransformationUID() == null) withoutUid.add(node.getOperatorName());
        }
        assertThat(withoutUid).isEmpty();
    }

    /** What the JobGraph submits: the operator ids of the pinned uids are the ones a savepoint holds. */
    @Test
    void theJobGraphsOperatorIdsAreThoseOfThePinnedUids() {
        JobGraph job = plantJobGraph().getJobGraph();
        Set<OperatorID> ids = new TreeSet<>((a, b) -> a.toHexString().compareTo(b.toHexString()));
        for (JobVertex v : job.getVertices()) {
            v.getOperatorIDs().forEach(pair -> ids.add(pair.getGeneratedOperatorID()));
        }
        for (String uid : PINNED_STATEFUL.keySet()) {
            assertThat(ids).as("operator id of uid %s", uid).contains(idOf(uid));
        }
    }

    /** Flink's id for a uid: the same 128-bit murmur3 hash as StreamGraphHasherV2 computes. */
    private static OperatorID idOf(String uid) {
        return new OperatorID(org.apache.flink.shaded.guava33.com.google.common.hash.Hashing.murmur3_128(0)
                .newHasher()
                .putString(uid, java.nio.charset.StandardCharsets.UTF_8)
                .hash()
                .asBytes());
    }

    /**
     * State that a savepoint carries: keyed state, a source's splits, a sink's writer or committer, or a function that
     * checkpoints its own state.
     */
    static boolean isStateful(StreamNode node) {
        if (node.getStateKeySerializer() != null) return true;
        String factory = node.getOperatorFactory().getClass().getSimpleName();
        if (factory.contains("Source") || factory.contains("SinkWriter") || factory.contains("Committer")) return true;
        if (node.getOperatorFactory() instanceof SimpleOperatorFactory<?> simple
                && simple.getOperator() instanceof AbstractUdfStreamOperator<?, ?> udf) {
            return udf.getUserFunction() instanceof CheckpointedFunction;
        }
        return false;
    }
}

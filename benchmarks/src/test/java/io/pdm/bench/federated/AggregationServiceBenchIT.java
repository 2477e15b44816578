package io.pdm.bench.federated;

import static org.assertj.core.api.Assertions.assertThat;

import io.pdm.embedded.TestPostgres;
import io.pdm.federated.protocol.AggregationMode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scale bench at a small size: every plant's upload reaches the aggregator's child JVM over mTLS, the database
 * records exactly what was sent, and the published version equals the same rule over the same deltas computed in
 * this JVM.
 */
class AggregationServiceBenchIT {

    @TempDir
    Path work;

    @Test
    void everyScenarioPublishesWhatTheInMemoryRuleComputesFromTheSameDeltas() throws Exception {
        List<String> databases = new ArrayList<>();
        List<AggregationServiceBench.Scenario> scenarios = List.of(
                new AggregationServiceBench.Scenario(12, 20_000, "fedavg", AggregationMode.PLAIN),
                new AggregationServiceBench.Scenario(12, 20_000, "trimmed-mean", AggregationMode.PLAIN),
                new AggregationServiceBench.Scenario(5, 1_600, "fedavg", AggregationMode.SECURE),
                // SecAgg+ through the real service: each of 12 plants pairs with 4 neighbours (threshold 4 of 5)
                new AggregationServiceBench.Scenario(12, 1_600, "fedavg", AggregationMode.SECURE, 4));

        List<AggregationServiceBench.Row> rows = AggregationServiceBench.run(
                scenarios,
                7,
                prefix -> {
                    String url = TestPostgres.newDatabase(prefix);
                    databases.add(url);
                    return url;
                },
                work,
                "256m",
                System.out);

        assertThat(rows).hasSize(4);
        // Streamed FedAvg sums in arrival order: within a float ulp of the values (~1e-9 here), far below 1e-7.
        assertThat(rows.get(0).maxDifference()).isLessThan(1e-7);
        assertThat(rows.get(1).maxDifference())
                .as("the spilled trimmed mean is bit-exact")
                .isZero();
        // Secure aggregation quantises each masked value to 2^-27 (the codec for 5 plants over ±1).
        assertThat(rows.get(2).maxDifference()).isLessThan(1e-6);
        assertThat(rows.get(2).neighbours()).as("5 plants: the complete graph").isEqualTo(4);
        assertThat(rows.get(3).maxDifference()).isLessThan(1e-6);
        assertThat(rows.get(3).neighbours()).isEqualTo(4);
        assertThat(rows.get(3).threshold()).isEqualTo(4);
        for (int i = 0; i < 2; i++) {
            long[] accepted = acceptances(databases.get(i));
            assertThat(accepted[0]).isEqualTo(12);
            assertThat(accepted[1])
                    .as("bytes recorded = bytes sent")
                    .isEqualTo(rows.get(i).uploadedBytes());
            // 12 bodies of 20,000 F32 values plus a safetensors header each
            assertThat(rows.get(i).uploadedBytes()).isBetween(12L * 80_000, 12L * 82_000);
        }
        for (AggregationServiceBench.Row row : rows) {
            assertThat(row.maxHeapBytes()).as("the child's heap is bounded").isLessThanOrEqualTo(256L << 20);
            assertThat(row.peakHeapBytes()).isPositive().isLessThanOrEqualTo(row.maxHeapBytes());
        }
    }

    /** Count and summed size of the accepted deltas the aggregator recorded. */
    private static long[] acceptances(String jdbcUrl) throws Exception {
        try (Connection connection = DriverManager.getConnection(jdbcUrl);
                ResultSet rows = connection
                        .createStatement()
                        .executeQuery("SELECT count(*), coalesce(sum(size_bytes), 0) FROM fl.deltas")) {
            rows.next();
            return new long[] {rows.getLong(1), rows.getLong(2)};
        }
    }
}

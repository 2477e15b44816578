package io.pdm.bench.features;

import static org.assertj.core.api.Assertions.assertThat;

import io.pdm.embedded.TestPostgres;
import io.pdm.features.store.ConnectionFactory;
import io.pdm.features.store.ReadingWriter;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StoreBenchIT {

    @Test
    void smallRunReportsBothRatesAndCleansUp() throws Exception {
        ConnectionFactory db = ConnectionFactory.of(TestPostgres.newDatabase("store_bench"));
        ByteArrayOutputStream text = new ByteArrayOutputStream();

        StoreBench.Result r = StoreBench.run(
                db,
                20_000,
                2_000,
                1,
                ReadingWriter.Mode.OPTIMISTIC_COPY,
                new PrintStream(text, true, StandardCharsets.UTF_8));

        assertThat(r.rows()).isEqualTo(20_000);
        // Both tables hold exactly the rows sent, once each (the replay added none), with the values sent.
        double sentSum = StoreBench.generate(20_000).stream()
                .flatMapToDouble(reading -> java.util.Arrays.stream(reading.values()))
                .sum();
        for (StoreBench.TableContents table : java.util.List.of(r.sinkTable(), r.copyTable())) {
            assertThat(table.rows()).isEqualTo(20_000);
            assertThat(table.distinctKeys()).isEqualTo(20_000);
            assertThat(table.valueSum())
                    .isCloseTo(sentSum, org.assertj.core.data.Offset.offset(1e-6 * Math.abs(sentSum)));
        }
        assertThat(text.toString(StandardCharsets.UTF_8)).contains("ratio", "raw COPY");
        try (var c = db.open()) {
            var rows = c.createStatement()
                    .executeQuery("SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'pdm_bench_%'");
            rows.next();
            assertThat(rows.getLong(1)).isZero();
        }
    }
}

package io.pdm.features.store;

import static io.pdm.features.store.StoreTestDb.count;
import static io.pdm.features.store.StoreTestDb.todayAt;
import static org.assertj.core.api.Assertions.assertThat;

import io.pdm.features.records.MaintenanceLog;
import io.pdm.features.records.Reading;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;

/** The sink inside a real (local) Flink job; running the job twice models a replay from a checkpoint. */
class JdbcSinkFlinkIT {

    @Test
    void jobWritesEveryRowOnceEvenWhenReplayed() throws Exception {
        ConnectionFactory db = StoreTestDb.fresh("store_flink");
        List<Reading> readings = new ArrayList<>();
        long t = todayAt(5);
        for (int i = 0; i < 500; i++) {
            readings.add(Reading.scalar(
                    "p1", "job-" + (i % 5), t + i * 100L, t, new String[] {"temp", "rpm"}, new double[] {i, 2 * i}));
        }
        readings.add(Reading.waveform("p1", "job-0", t, t, "vib", 1000, new float[] {1, 2, 3, 4}));
        List<MaintenanceLog> logs = List.of(
                new MaintenanceLog("m-1", "p1", "job-0", t, "INSPECT", null, null, "ok", "cmms", t),
                new MaintenanceLog("m-2", "p1", "job-1", t, "REPLACE", "bearing", "ana", "swapped", "cmms", t));

        for (int run = 0; run < 2; run++) {
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            env.setParallelism(2);
            env.enableCheckpointing(200);
            SinkOptions opts = SinkOptions.defaults().withBatchSize(64);
            env.fromData(readings).sinkTo(JdbcSink.readings(db, opts)).name("readings");
            env.fromData(logs).sinkTo(JdbcSink.maintenanceLogs(db, opts)).name("logs");
            env.execute("store sink test " + run);
        }

        try (Connection c = db.open()) {
            assertThat(count(c, "SELECT count(*) FROM readings WHERE asset LIKE 'job-%'"))
                    .isEqualTo(1_000);
            assertThat(count(c, "SELECT count(*) FROM waveforms WHERE asset = 'job-0'"))
                    .isEqualTo(1);
            assertThat(count(c, "SELECT count(*) FROM maintenance_log")).isEqualTo(2);
        }
    }
}

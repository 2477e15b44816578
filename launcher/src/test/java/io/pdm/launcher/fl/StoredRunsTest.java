package io.pdm.launcher.fl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pdm.embedded.TestPostgres;
import io.pdm.federated.data.RunToFailureEpisodes;
import io.pdm.federated.data.StoredRuns;
import io.pdm.features.model.MaintenanceLog;
import io.pdm.features.model.Reading;
import io.pdm.features.store.ConnectionFactory;
import io.pdm.features.store.MaintenanceLogWriter;
import io.pdm.features.store.PdmSchema;
import io.pdm.features.store.ReadingWriter;
import io.pdm.model.cmapss.CmapssData;
import io.pdm.model.data.cmapss.CmapssEngine;
import io.pdm.model.data.cmapss.CmapssSubset;
import io.pdm.model.data.cmapss.ProtocolOptions;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The federated trainer's streaming path against real PostgreSQL: real C-MAPSS engines written through the feature
 * pipeline's own store writers (readings and maintenance logs, as the Flink sinks write them) come back as the same
 * run-to-failure lives.
 */
class StoredRunsTest {

    private static final Path CMAPSS = Path.of(System.getProperty("pdm.shared.data", "../../shared/data"), "cmapss");
    private static final long T0 = 1_700_000_000_000L;
    private static final long CYCLE_MS = 600_000;

    @Test
    void storedReadingsAndReplacementsComeBackAsTheEnginesLives() throws Exception {
        List<CmapssEngine> fd001 = CmapssSubset.load(CMAPSS, "FD001").train().subList(0, 4);
        String url = TestPostgres.newDatabase("stored_runs");
        ConnectionFactory db = ConnectionFactory.of(url);
        PdmSchema.migrate(db);
        List<Reading> readings = new ArrayList<>();
        List<MaintenanceLog> logs = new ArrayList<>();
        // engine-001 runs two lives: FD001 unit 1, a replacement, then unit 2 and another replacement.
        long end1 = write(readings, "p1", "engine-001", fd001.get(0), T0, -1);
        logs.add(replacement("r1", "p1", "engine-001", end1 + CYCLE_MS / 2));
        long end2 = write(readings, "p1", "engine-001", fd001.get(1), end1 + CYCLE_MS, -1);
        logs.add(replacement("r2", "p1", "engine-001", end2 + CYCLE_MS / 2));
        // engine-003 runs unit 3 with sensor s7 lost at its 10th cycle; replaced half a cycle after its last flight.
        long end3 = write(readings, "p1", "engine-003", fd001.get(2), T0, 9);
        logs.add(replacement("r3", "p1", "engine-003", end3 + CYCLE_MS / 2));
        logs.add(new MaintenanceLog("i3", "p1", "engine-003", T0 + 5 * CYCLE_MS, "INSPECTION", "engine", "t", "borescope ok", "REST", T0));
        // engine-004 is still running; another plant's replaced engine is not this plant's data.
        write(readings, "p1", "engine-004", fd001.get(3), T0, -1);
        long other = write(readings, "p2", "engine-001", fd001.get(3), T0, -1);
        logs.add(replacement("x1", "p2", "engine-001", other + CYCLE_MS));
        try (Connection c = db.open()) {
            c.setAutoCommit(false);
            ReadingWriter readingWriter = new ReadingWriter();
            readingWriter.prepare(c);
            readingWriter.write(c, readings);
            MaintenanceLogWriter logWriter = new MaintenanceLogWriter();
            logWriter.prepare(c);
            logWriter.write(c, logs);
            c.commit();
        }

        RunToFailureEpisodes.Result lives = new StoredRuns(url, "p1").read();

        assertThat(lives.engines()).hasSize(3);
        assertSameCycles(lives.engines().get(0), fd001.get(0), -1);
        assertSameCycles(lives.engines().get(1), fd001.get(1), -1);
        assertSameCycles(lives.engines().get(2), fd001.get(2), 9);
        assertThat(lives.censoredCycles()).isEqualTo(fd001.get(3).cycles());
        assertThat(lives.incompleteCycles()).isEqualTo(1);

        CmapssData data = new StoredRuns(url, "p1").prepare(ProtocolOptions.defaults(), 0.2, 0.0, 7);
        assertThat(data.subset()).isNull();
        assertThat(data.test()).isNull();
        assertThat(data.trainingEngines()).hasSize(3);
        assertThat(data.training().count()).isPositive();

        assertThatThrownBy(() -> new StoredRuns(url, "p1", java.util.Set.of("LUBRICATION"))
                .prepare(ProtocolOptions.defaults(), 0, 0.1, 7))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("no stored life").hasMessageContaining("LUBRICATION");
    }

    /** Writes the engine's cycles one {@link #CYCLE_MS} apart from {@code start}, dropping s7 at cycle index {@code gap}. */
    private static long write(List<Reading> out, String plant, String asset, CmapssEngine engine, long start, int gap) {
        float[][] settings = engine.settings();
        float[][] sensors = engine.sensors();
        long ts = start;
        for (int i = 0; i < engine.cycles(); i++) {
            ts = start + i * CYCLE_MS;
            Map<String, Double> values = new LinkedHashMap<>();
            for (int j = 0; j < CmapssEngine.SETTINGS; j++) {
                values.put(CmapssEngine.settingName(j), (double) settings[i][j]);
            }
            for (int j = 0; j < CmapssEngine.SENSORS; j++) {
                if (!(i == gap && j == 6)) {
                    values.put(CmapssEngine.sensorName(j), (double) sensors[i][j]);
                }
            }
            out.add(Reading.scalar(plant, asset, ts, values));
        }
        return ts;
    }

    private static MaintenanceLog replacement(String id, String plant, String asset, long ts) {
        return new MaintenanceLog(id, plant, asset, ts, "REPLACEMENT", "engine", "line-mx", "engine removed, replacement installed", "MQTT", ts);
    }

    private static void assertSameCycles(CmapssEngine life, CmapssEngine engine, int skipped) {
        List<float[]> expectedSensors = new ArrayList<>(List.of(engine.sensors()));
        List<float[]> expectedSettings = new ArrayList<>(List.of(engine.settings()));
        if (skipped >= 0) {
            expectedSensors.remove(skipped);
            expectedSettings.remove(skipped);
        }
        assertThat(life.sensors()).isDeepEqualTo(expectedSensors.toArray(new float[0][]));
        assertThat(life.settings()).isDeepEqualTo(expectedSettings.toArray(new float[0][]));
    }
}

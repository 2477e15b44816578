package io.pdm.launcher.fl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pdm.embedded.TestPostgres;
import io.pdm.features.records.MaintenanceLog;
import io.pdm.federated.training.history.RunToFailureEpisodes;
import io.pdm.federated.training.history.StoredRuns;
import io.pdm.model.cmapss.CmapssData;
import io.pdm.model.data.cmapss.CmapssEngine;
import io.pdm.model.data.cmapss.CmapssSubset;
import io.pdm.model.data.cmapss.ProtocolOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The federated trainer's streaming path against real PostgreSQL: real C-MAPSS engines written through the feature
 * pipeline's own store writers (readings and maintenance logs, as the Flink sinks write them) come back as the same
 * run-to-failure lives.
 */
class StoredRunsIT {

    @Test
    void storedReadingsAndReplacementsComeBackAsTheEnginesLives() throws Exception {
        List<CmapssEngine> fd001 =
                CmapssSubset.load(StoredEngines.CMAPSS, "FD001").train().subList(0, 4);
        StoredEngines store = new StoredEngines();
        // engine-001 runs two lives: FD001 unit 1, a replacement, then unit 2 and another replacement.
        long end1 = store.run("p1", "engine-001", fd001.get(0), StoredEngines.T0, -1);
        store.replaced("r1", "p1", "engine-001", end1);
        long end2 = store.run("p1", "engine-001", fd001.get(1), end1 + StoredEngines.CYCLE_MS, -1);
        store.replaced("r2", "p1", "engine-001", end2);
        // engine-003 runs unit 3 with sensor s7 lost at its 10th cycle, and has an inspection on the way.
        store.replaced("r3", "p1", "engine-003", store.run("p1", "engine-003", fd001.get(2), StoredEngines.T0, 9));
        store.logs.add(new MaintenanceLog(
                "i3",
                "p1",
                "engine-003",
                StoredEngines.T0 + 5 * StoredEngines.CYCLE_MS,
                "INSPECTION",
                "engine",
                "t",
                "borescope ok",
                "REST",
                StoredEngines.T0));
        // engine-004 is still running; another plant's replaced engine is not this plant's data.
        store.run("p1", "engine-004", fd001.get(3), StoredEngines.T0, -1);
        store.replaced("x1", "p2", "engine-001", store.run("p2", "engine-001", fd001.get(3), StoredEngines.T0, -1));
        String url = TestPostgres.newDatabase("stored_runs");
        store.writeTo(url);

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

        assertThatThrownBy(() ->
                        new StoredRuns(url, "p1", Set.of("LUBRICATION")).prepare(ProtocolOptions.defaults(), 0, 0.1, 7))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no stored life")
                .hasMessageContaining("LUBRICATION");
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

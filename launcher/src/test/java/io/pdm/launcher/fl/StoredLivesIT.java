package io.pdm.launcher.fl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.pdm.assets.lives.Life;
import io.pdm.assets.lives.LifeEnd;
import io.pdm.embedded.TestPostgres;
import io.pdm.features.records.Features;
import io.pdm.features.records.MaintenanceLog;
import io.pdm.federated.training.history.LifeCuts;
import io.pdm.federated.training.history.StoredLives;
import io.pdm.launcher.StoreRows;
import io.pdm.model.life.LifeProtocol;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The federated trainer's lives of any asset type against real PostgreSQL: feature windows and work orders written
 * through the feature pipeline's own store writers come back as the pumps' lives, cut at corrective entries.
 */
class StoredLivesIT {
    private static final long T0 = 1_700_000_000_000L;
    private static final long MIN = 60_000;
    private static final List<String> CHANNELS = List.of("temperature_c.mean", "vibration.rms");
    private static final LifeProtocol PROTOCOL = new LifeProtocol(
            "pump-set",
            "HOURS",
            1 / 60.0,
            CHANNELS,
            LifeProtocol.Z_SCORE,
            new double[] {50, 1},
            new double[] {10, 1},
            10,
            5,
            false,
            1.0,
            List.of("healthy", "degrading", "critical"),
            0.6,
            0.2,
            null);

    private final List<Features> windows = new ArrayList<>();
    private final List<MaintenanceLog> logs = new ArrayList<>();

    @Test
    void featureWindowsCutAtRepairsAreThePumpsLives() throws Exception {
        // pump-01 runs 20 windows, stops at minute 20, and is logged repaired at minute 23.5 (after its downtime);
        // an inspection on the way does not end a life. It restarts at minute 24 and runs 16 more windows.
        for (int m = 1; m <= 20; m++) window("p1", "pump-01", m, 1450.0, 40 + m, m == 12 ? null : 0.1 * m);
        for (int m = 21; m <= 24; m++) window("p1", "pump-01", m, 0.0, 30, 0.0);
        for (int m = 25; m <= 40; m++) window("p1", "pump-01", m, 1450.0, 40 + m, 0.1 * m);
        log("wo-1", "p1", "pump-01", 23 * MIN + MIN / 2, "REPAIR");
        log("wo-2", "p1", "pump-01", 10 * MIN, "INSPECTION");
        // pump-02 is replaced after 5 windows (shorter than the model window) and then runs 12.
        for (int m = 1; m <= 5; m++) window("p1", "pump-02", m, 1450.0, 45, 0.5);
        log("wo-3", "p1", "pump-02", 6 * MIN, "REPLACEMENT");
        for (int m = 7; m <= 18; m++) window("p1", "pump-02", m, 1450.0, 45, 0.5);
        // Another plant's pump, and an asset of another type, are not this plant's pump lives.
        for (int m = 1; m <= 20; m++) window("p2", "pump-09", m, 1450.0, 45, 0.5);
        windows.add(new Features("p1", "fan-1", T0, T0 + MIN, 60, Map.of("rpm.mean", 900.0), null, null));
        String url = TestPostgres.newDatabase("stored_lives");
        StoreRows.write(url, windows, logs);

        LifeCuts.Result result = new StoredLives(url, "p1", StoredLives.CORRECTIVE, "speed_rpm.min").read(PROTOCOL);

        assertThat(result.lives())
                .extracting(Life::lifeId, Life::end, Life::steps)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("pump-01/1", LifeEnd.FAILED, 19), // minute 12 incomplete
                        org.assertj.core.groups.Tuple.tuple("pump-01/2", LifeEnd.CENSORED, 16),
                        org.assertj.core.groups.Tuple.tuple("pump-02/1", LifeEnd.CENSORED, 12));
        Life first = result.lives().get(0);
        assertThat(first.channels()).isEqualTo(CHANNELS);
        assertThat(first.step(0)).containsExactly(41, 0.1);
        assertThat(first.remaining(0)).isCloseTo(19 / 60.0, within(1e-9)); // minute 1 to the last running window
        assertThat(result.incompleteWindows()).isEqualTo(1);
        assertThat(result.shortLives()).isEqualTo(1);
    }

    private void window(String plant, String asset, int minute, double speedMin, double temperature, Double vib) {
        Map<String, Double> features = new LinkedHashMap<>();
        features.put("speed_rpm.min", speedMin);
        features.put("temperature_c.mean", temperature);
        features.put("vibration.rms", vib == null ? Double.NaN : vib); // the writer stores NaN as null
        long end = T0 + minute * MIN;
        windows.add(new Features(plant, asset, end - MIN, end, 60, features, null, null));
    }

    private void log(String id, String plant, String asset, long at, String action) {
        logs.add(new MaintenanceLog(id, plant, asset, T0 + at, action, "bearing", "jd", "work order", "MQTT", T0 + at));
    }
}

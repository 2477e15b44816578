package io.pdm.launcher.fl;

import io.pdm.features.records.MaintenanceLog;
import io.pdm.features.records.Reading;
import io.pdm.features.store.ConnectionFactory;
import io.pdm.features.store.MaintenanceLogWriter;
import io.pdm.features.store.PdmSchema;
import io.pdm.features.store.ReadingWriter;
import io.pdm.model.data.cmapss.CmapssEngine;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** C-MAPSS engines as a plant's store holds them: readings and maintenance logs, written by the store's own writers. */
final class StoredEngines {

    static final Path CMAPSS = Path.of(System.getProperty("pdm.shared.data", "../../shared/data"), "cmapss");
    static final long T0 = 1_700_000_000_000L;
    static final long CYCLE_MS = 600_000;

    final List<Reading> readings = new ArrayList<>();
    final List<MaintenanceLog> logs = new ArrayList<>();

    /**
     * The engine's cycles one {@link #CYCLE_MS} apart from {@code start}, without s7 at cycle index {@code gap}
     * (none when negative).
     *
     * @return the last cycle's time
     */
    long run(String plant, String asset, CmapssEngine engine, long start, int gap) {
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
            readings.add(Reading.scalar(plant, asset, ts, values));
        }
        return ts;
    }

    /** A replacement half a cycle after {@code lastCycle}. */
    void replaced(String id, String plant, String asset, long lastCycle) {
        long ts = lastCycle + CYCLE_MS / 2;
        logs.add(new MaintenanceLog(
                id,
                plant,
                asset,
                ts,
                "REPLACEMENT",
                "engine",
                "line-mx",
                "engine removed, replacement installed",
                "MQTT",
                ts));
    }

    /** Migrates the store schema at {@code url} and writes everything collected. */
    void writeTo(String url) throws Exception {
        ConnectionFactory db = ConnectionFactory.of(url);
        PdmSchema.migrate(db);
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
    }
}

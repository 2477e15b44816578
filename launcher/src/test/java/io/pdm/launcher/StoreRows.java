package io.pdm.launcher;

import io.pdm.features.records.Features;
import io.pdm.features.records.MaintenanceLog;
import io.pdm.features.store.ConnectionFactory;
import io.pdm.features.store.FeatureWriter;
import io.pdm.features.store.MaintenanceLogWriter;
import io.pdm.features.store.PdmSchema;
import java.sql.Connection;
import java.util.List;

/** Writes feature windows and work orders into a plant's store through the feature pipeline's own writers. */
public final class StoreRows {
    private StoreRows() {}

    public static void write(String jdbcUrl, List<Features> windows, List<MaintenanceLog> logs) throws Exception {
        ConnectionFactory db = ConnectionFactory.of(jdbcUrl);
        PdmSchema.migrate(db);
        try (Connection c = db.open()) {
            c.setAutoCommit(false);
            FeatureWriter featureWriter = new FeatureWriter();
            featureWriter.prepare(c);
            featureWriter.write(c, windows);
            MaintenanceLogWriter logWriter = new MaintenanceLogWriter();
            logWriter.prepare(c);
            logWriter.write(c, logs);
            c.commit();
        }
    }
}

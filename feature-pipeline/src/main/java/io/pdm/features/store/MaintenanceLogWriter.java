package io.pdm.features.store;

import io.pdm.features.records.MaintenanceLog;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/** Writes maintenance log entries, unique by id; a replayed entry is ignored (ON CONFLICT DO NOTHING). */
public final class MaintenanceLogWriter implements RowWriter<MaintenanceLog> {
    private static final long serialVersionUID = 1L;
    static final String COLUMNS = "id, plant, asset, ts, action, component, technician, text, source, received_at";

    private transient CopyBuffer buf;

    @Override
    public void prepare(Connection c) throws SQLException {
        Staging.createStage(c, "maintenance_log");
    }

    @Override
    public long write(Connection c, List<MaintenanceLog> rows) throws SQLException {
        if (buf == null) buf = new CopyBuffer();
        buf.reset();
        for (MaintenanceLog m : rows) {
            buf.row(10)
                    .text(m.id())
                    .text(m.plant())
                    .text(m.asset())
                    .timestampMillis(m.ts())
                    .text(m.action())
                    .text(m.component())
                    .text(m.technician())
                    .text(m.text())
                    .text(m.source())
                    .timestampMillis(m.receivedAt());
        }
        return buf.rows() == 0 ? 0 : Staging.staged(c, buf, "maintenance_log", COLUMNS, "ON CONFLICT (id) DO NOTHING");
    }
}

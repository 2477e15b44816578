package io.pdm.inference.retrieval;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * Reads a plant's logs from the store's {@code maintenance_log} table (written by the feature pipeline, see
 * its migration V1). Logs without text are skipped: there is nothing to embed or cite.
 */
public final class MaintenanceLogReader {
    private MaintenanceLogReader() {}

    public static List<LogEntry> plant(DataSource db, String plant) throws SQLException {
        List<LogEntry> out = new ArrayList<>();
        try (Connection c = db.getConnection();
                PreparedStatement st = c.prepareStatement("""
                        SELECT id, plant, asset, ts, action, component, text FROM maintenance_log
                         WHERE plant = ? AND text IS NOT NULL AND btrim(text) <> '' ORDER BY ts, id
                        """)) {
            st.setString(1, plant);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    out.add(new LogEntry(
                            rs.getString(1),
                            rs.getString(2),
                            rs.getString(3),
                            rs.getTimestamp(4)
                                    .toInstant()
                                    .atOffset(ZoneOffset.UTC)
                                    .toLocalDate(),
                            rs.getString(5),
                            rs.getString(6),
                            rs.getString(7)));
                }
            }
        }
        return out;
    }
}

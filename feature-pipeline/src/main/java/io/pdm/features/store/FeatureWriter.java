package io.pdm.features.store;

import io.pdm.features.records.Features;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes feature windows, unique by (asset, window_start, window_end). ON CONFLICT DO UPDATE, not
 * DO NOTHING: a window re-fired with late data or a newer maintenance context must replace the
 * stored one. The update is skipped when nothing changed, so a plain replay writes no new tuples.
 */
public final class FeatureWriter implements RowWriter<Features> {
    private static final long serialVersionUID = 1L;
    static final String COLUMNS = "plant, asset, window_start, window_end, reading_count, features, "
            + "seconds_since_maintenance, last_maintenance_action";
    private static final String ON_CONFLICT = "ON CONFLICT (asset, window_start, window_end) DO UPDATE SET "
            + "plant = EXCLUDED.plant, reading_count = EXCLUDED.reading_count, features = EXCLUDED.features, "
            + "seconds_since_maintenance = EXCLUDED.seconds_since_maintenance, "
            + "last_maintenance_action = EXCLUDED.last_maintenance_action "
            + "WHERE (features.plant, features.reading_count, features.features, features.seconds_since_maintenance, "
            + "features.last_maintenance_action) IS DISTINCT FROM (EXCLUDED.plant, EXCLUDED.reading_count, "
            + "EXCLUDED.features, EXCLUDED.seconds_since_maintenance, EXCLUDED.last_maintenance_action)";

    private transient CopyBuffer buf;

    @Override
    public void prepare(Connection c) throws SQLException {
        Staging.createStage(c, "features");
    }

    @Override
    public long write(Connection c, List<Features> rows) throws SQLException {
        // DO UPDATE may not touch a row twice in one statement: keep the last version of each key.
        Map<String, Features> last = new LinkedHashMap<>();
        for (Features f : rows) last.put(f.asset() + '\u0000' + f.windowStart() + '\u0000' + f.windowEnd(), f);
        if (buf == null) buf = new CopyBuffer();
        buf.reset();
        for (Features f : last.values()) {
            buf.row(8)
                    .text(f.plant())
                    .text(f.asset())
                    .timestampMillis(f.windowStart())
                    .timestampMillis(f.windowEnd())
                    .int4(f.readingCount())
                    .jsonb(toJson(f.features()))
                    .float8(f.secondsSinceMaintenance())
                    .text(f.lastMaintenanceAction());
        }
        return buf.rows() == 0 ? 0 : Staging.staged(c, buf, "features", COLUMNS, ON_CONFLICT);
    }

    /** A flat JSON object; NaN and infinities (not JSON numbers) become null. */
    static String toJson(Map<String, Double> features) {
        StringBuilder sb = new StringBuilder(16 + 24 * (features == null ? 0 : features.size())).append('{');
        if (features != null) {
            boolean first = true;
            for (Map.Entry<String, Double> e : features.entrySet()) {
                if (!first) sb.append(',');
                first = false;
                quote(sb, e.getKey()).append(':');
                Double v = e.getValue();
                sb.append(v == null || v.isNaN() || v.isInfinite() ? "null" : v.toString());
            }
        }
        return sb.append('}').toString();
    }

    private static StringBuilder quote(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                default -> {
                    if (ch < 0x20) sb.append(String.format("\\u%04x", (int) ch));
                    else sb.append(ch);
                }
            }
        }
        return sb.append('"');
    }
}

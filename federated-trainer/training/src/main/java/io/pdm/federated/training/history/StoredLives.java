package io.pdm.federated.training.history;

import io.pdm.assets.AssetType;
import io.pdm.assets.LifeUnit;
import io.pdm.model.life.LifeProtocol;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lives of one asset type in a plant's store, for a base of any asset type ({@link LifeProtocol}): the feature
 * windows the feature pipeline stored ({@code features}: asset, window end, the features as jsonb) with the base's
 * channels, cut into lives at corrective maintenance entries ({@code maintenance_log}) by {@link LifeCuts}.
 *
 * <p>The store does not record asset types: an asset's windows count when they carry every channel of the base
 * (jsonb {@code ?&}), so assets of other types, whose features have other names, are left out.
 *
 * @param jdbcUrl          the plant's store, user and password in the URL if needed
 * @param endOfLifeActions maintenance actions that end a life (case-insensitive). The simulator logs REPLACEMENT or
 *                         REPAIR only when it fixes a pump after an alarm, a noticed defect or a failure (for cause),
 *                         and INSPECTION or LUBRICATION otherwise, so the default is REPLACEMENT and REPAIR
 * @param runningChannel   a feature that is above zero only while the asset runs throughout the window (for the
 *                         pump, {@code speed_rpm.min}), or null when every complete window counts
 */
public record StoredLives(String jdbcUrl, String plant, Set<String> endOfLifeActions, String runningChannel) {

    private static final Logger LOG = LoggerFactory.getLogger(StoredLives.class);
    public static final Set<String> CORRECTIVE = Set.of("REPLACEMENT", "REPAIR");
    private static final int FETCH_SIZE = 5_000;

    public StoredLives {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        Objects.requireNonNull(plant, "plant");
        endOfLifeActions =
                endOfLifeActions.stream().map(a -> a.toUpperCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
        if (endOfLifeActions.isEmpty()) {
            throw new IllegalArgumentException("at least one maintenance action must end a life");
        }
    }

    /** The plant's lives with the base's channels, as stored now. */
    public LifeCuts.Result read(LifeProtocol protocol) throws IOException {
        // windowChannels: the model's channels and the regime context a per-regime base needs for every step
        return read(
                protocol.assetType(),
                protocol.windowChannels(),
                "HOURS".equals(protocol.lifeUnit()),
                protocol.window());
    }

    /**
     * The plant's lives of an asset type with its model channels and window, as stored now: the history a first base
     * of that type is pretrained on ({@code pdm model pretrain --asset-type FILE --from-store}).
     */
    public LifeCuts.Result read(AssetType type) throws IOException {
        return read(type.id(), type.lifeChannels(), type.lifeUnit() == LifeUnit.HOURS, type.window());
    }

    private LifeCuts.Result read(String assetType, List<String> channels, boolean hours, int window)
            throws IOException {
        LifeCuts cuts = new LifeCuts(assetType, channels, hours, window, runningChannel != null);
        List<String> required = new ArrayList<>(channels);
        if (runningChannel != null) {
            required.add(runningChannel);
        }
        StringBuilder sql = new StringBuilder("SELECT asset, window_end");
        for (int i = 0; i < required.size(); i++) {
            sql.append(", (features ->> ?)::float8");
        }
        // ??& is jsonb's "has every key" operator, with the question mark escaped for JDBC.
        sql.append(" FROM features WHERE plant = ? AND features ??& ? ORDER BY asset, window_end");
        try (Connection c = DriverManager.getConnection(jdbcUrl)) {
            c.setAutoCommit(false); // lets the driver stream the windows with a cursor
            feedEnds(c, cuts);
            try (PreparedStatement st = c.prepareStatement(sql.toString())) {
                st.setFetchSize(FETCH_SIZE);
                int p = 1;
                for (String name : required) {
                    st.setString(p++, name);
                }
                st.setString(p++, plant);
                st.setArray(p, c.createArrayOf("text", required.toArray()));
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        String asset = rs.getString(1);
                        Double[] values = new Double[channels.size()];
                        for (int i = 0; i < values.length; i++) {
                            values[i] = doubleOrNull(rs, 3 + i);
                        }
                        Double running = runningChannel == null ? null : doubleOrNull(rs, 3 + channels.size());
                        cuts.window(asset, millis(rs.getObject(2, OffsetDateTime.class)), values, running);
                    }
                }
            }
            c.commit();
        } catch (SQLException e) {
            throw new IOException(
                    "reading plant " + plant + "'s " + assetType + " lives from the store: " + e.getMessage(), e);
        }
        LifeCuts.Result result = cuts.finish();
        LOG.debug(
                "plant {}: {} {} lives ended by {} and {} running; {} incomplete windows and {} short lives left out",
                plant,
                result.ended(),
                assetType,
                new TreeSet<>(endOfLifeActions),
                result.censored(),
                result.incompleteWindows(),
                result.shortLives());
        return result;
    }

    private void feedEnds(Connection c, LifeCuts cuts) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(
                "SELECT asset, ts FROM maintenance_log WHERE plant = ? AND upper(action) = ANY(?) ORDER BY asset, ts")) {
            st.setString(1, plant);
            st.setArray(2, c.createArrayOf("text", endOfLifeActions.toArray()));
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    cuts.endOfLife(rs.getString(1), millis(rs.getObject(2, OffsetDateTime.class)));
                }
            }
        }
    }

    private static Double doubleOrNull(ResultSet rs, int column) throws SQLException {
        double v = rs.getDouble(column);
        return rs.wasNull() ? null : v;
    }

    private static long millis(OffsetDateTime time) {
        return time.toInstant().toEpochMilli();
    }
}

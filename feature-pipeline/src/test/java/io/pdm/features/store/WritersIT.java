package io.pdm.features.store;

import static io.pdm.features.store.StoreTestDb.count;
import static io.pdm.features.store.StoreTestDb.millis;
import static io.pdm.features.store.StoreTestDb.todayAt;
import static org.assertj.core.api.Assertions.assertThat;

import io.pdm.features.records.Features;
import io.pdm.features.records.MaintenanceLog;
import io.pdm.features.records.Reading;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class WritersIT {
    private static ConnectionFactory db;

    @BeforeAll
    static void setUp() {
        db = StoreTestDb.fresh("store_writers");
    }

    private static <T> long writeInTx(RowWriter<T> w, List<T> rows) throws SQLException {
        try (Connection c = db.open()) {
            c.setAutoCommit(false);
            w.prepare(c);
            long n = w.write(c, rows);
            c.commit();
            return n;
        }
    }

    @ParameterizedTest
    @EnumSource(ReadingWriter.Mode.class)
    void writingTheSameReadingsTwiceKeepsOneRowPerKey(ReadingWriter.Mode mode) throws Exception {
        String asset = "dup-" + mode;
        long t = todayAt(3);
        List<Reading> batch = List.of(
                Reading.scalar("p1", asset, t, t, new String[] {"temp", "rpm"}, new double[] {61.5, 1490}),
                Reading.scalar(
                        "p1", asset, t + 1000, t + 1000, new String[] {"temp", "rpm"}, new double[] {61.7, 1491}),
                Reading.waveform("p1", asset, t, t, "vib", 25_600, new float[] {0.1f, -0.2f, 0.3f}));
        ReadingWriter w = new ReadingWriter(mode);

        long first = writeInTx(w, batch);
        long second = writeInTx(w, batch);
        // A batch that is half replay, half new, with a duplicate inside itself.
        Reading fresh = Reading.scalar("p1", asset, t + 2000, t + 2000, new String[] {"temp"}, new double[] {62});
        long mixed = writeInTx(w, List.of(batch.get(0), fresh, fresh));

        if (mode != ReadingWriter.Mode.BATCHED_INSERT) {
            assertThat(first).isEqualTo(5);
            assertThat(second).isZero();
            assertThat(mixed).isEqualTo(1);
        }
        try (Connection c = db.open()) {
            assertThat(count(c, "SELECT count(*) FROM readings WHERE asset = '" + asset + "'"))
                    .isEqualTo(5);
            assertThat(count(c, "SELECT count(DISTINCT (sensor, ts)) FROM readings WHERE asset = '" + asset + "'"))
                    .isEqualTo(5);
            assertThat(count(c, "SELECT count(*) FROM waveforms WHERE asset = '" + asset + "'"))
                    .isEqualTo(1);
            try (Statement st = c.createStatement();
                    ResultSet rs =
                            st.executeQuery("SELECT samples, rate_hz FROM waveforms WHERE asset = '" + asset + "'")) {
                rs.next();
                assertThat((Float[]) rs.getArray(1).getArray()).containsExactly(0.1f, -0.2f, 0.3f);
                assertThat(rs.getDouble(2)).isEqualTo(25_600);
            }
        }
    }

    @Test
    void rowsLandInTheirDailyPartitionAndOutOfRangeRowsInDefault() throws Exception {
        long today = todayAt(12);
        long ancient = millis("2001-09-09T01:46:40Z");
        writeInTx(
                new ReadingWriter(),
                List.of(
                        Reading.scalar("p1", "route", today, today, new String[] {"temp"}, new double[] {1}),
                        Reading.scalar("p1", "route", ancient, ancient, new String[] {"temp"}, new double[] {2})));

        String todayPart = "readings_p" + LocalDate.now(ZoneOffset.UTC).format(DateTimeFormatter.BASIC_ISO_DATE);
        Map<String, Double> where = new HashMap<>();
        try (Connection c = db.open();
                Statement st = c.createStatement();
                ResultSet rs =
                        st.executeQuery("SELECT tableoid::regclass::text, value FROM readings WHERE asset = 'route'")) {
            while (rs.next()) where.put(rs.getString(1), rs.getDouble(2));
        }
        assertThat(where).containsExactlyInAnyOrderEntriesOf(Map.of(todayPart, 1.0, "readings_default", 2.0));
    }

    @Test
    void featuresAreUpsertedOncePerWindow() throws Exception {
        long ws = todayAt(1);
        Features v1 = new Features(
                "p1", "feat", ws, ws + 60_000, 10, Map.of("temp.mean", 61.0, "vib.rms", Double.NaN), null, null);
        Features v2 = v1.withMaintenance(3600.0, "REPLACE");
        FeatureWriter w = new FeatureWriter();

        assertThat(writeInTx(w, List.of(v1, v1))).isEqualTo(1);
        assertThat(writeInTx(w, List.of(v1))).isZero(); // replay: no change, no update
        assertThat(writeInTx(w, List.of(v2))).isEqualTo(1); // re-fired window with maintenance context

        try (Connection c = db.open();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(
                        "SELECT count(*) OVER (), features->>'temp.mean', features->'vib.rms', seconds_since_maintenance,"
                                + " last_maintenance_action FROM features WHERE asset = 'feat'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getLong(1)).isEqualTo(1);
            assertThat(rs.getString(2)).isEqualTo("61.0");
            assertThat(rs.getString(3)).isEqualTo("null");
            assertThat(rs.getDouble(4)).isEqualTo(3600.0);
            assertThat(rs.getString(5)).isEqualTo("REPLACE");
        }
    }

    @Test
    void maintenanceLogsAreStoredOncePerId() throws Exception {
        long ts = millis("2026-01-02T08:00:00Z");
        MaintenanceLog log = new MaintenanceLog(
                "log-1", "p1", "pump-7", ts, "INSPECT", null, "kim", "bearing noise \"loud\"; ünïcode", "cmms", ts + 5);
        MaintenanceLogWriter w = new MaintenanceLogWriter();

        assertThat(writeInTx(w, List.of(log))).isEqualTo(1);
        assertThat(writeInTx(w, List.of(log, log))).isZero();

        try (Connection c = db.open();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(
                        "SELECT count(*) OVER (), text, component, received_at - ts FROM maintenance_log WHERE asset = 'pump-7'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getLong(1)).isEqualTo(1);
            assertThat(rs.getString(2)).isEqualTo("bearing noise \"loud\"; ünïcode");
            assertThat(rs.getString(3)).isNull();
            assertThat(rs.getString(4)).isEqualTo("00:00:00.005");
        }
    }
}

package io.pdm.features.store;

import static io.pdm.features.store.StoreTestDb.millis;
import static org.assertj.core.api.Assertions.assertThat;

import io.pdm.features.records.Features;
import io.pdm.features.records.MaintenanceLog;
import io.pdm.features.records.Reading;
import java.sql.Connection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class QueriesIT {
    private static ConnectionFactory db;

    @BeforeAll
    static void setUp() throws Exception {
        db = StoreTestDb.fresh("store_queries");
        try (Connection c = db.open()) {
            PartitionMaintenance.ensurePartitions(
                    c, Instant.parse("2030-01-01T00:00:00Z"), Instant.parse("2030-01-04T00:00:00Z"));
            c.setAutoCommit(false);
            List<Reading> rows = new ArrayList<>();
            for (int day = 1; day <= 3; day++) {
                for (int h = 0; h < 24; h += 6) {
                    long t = millis("2030-01-0" + day + "T00:00:00Z") + h * 3_600_000L;
                    for (String asset : List.of("pump-1", "pump-2")) {
                        rows.add(Reading.scalar(
                                "p1", asset, t, t, new String[] {"temp", "rpm"}, new double[] {day * 100 + h, 1500}));
                    }
                }
            }
            ReadingWriter readingWriter = new ReadingWriter();
            FeatureWriter featureWriter = new FeatureWriter();
            readingWriter.prepare(c);
            featureWriter.prepare(c);
            readingWriter.write(c, rows);
            long ws = millis("2030-01-02T00:00:00Z");
            featureWriter.write(
                    c,
                    List.of(
                            new Features("p1", "pump-1", ws, ws + 60_000, 5, Map.of("temp.mean", 1.0), null, null),
                            new Features(
                                    "p1",
                                    "pump-1",
                                    ws + 60_000,
                                    ws + 120_000,
                                    6,
                                    Map.of("temp.mean", 2.0, "rpm.mean", 3.0),
                                    7.5,
                                    "OIL"),
                            new Features("p2", "fan-9", ws, ws + 60_000, 4, Map.of("temp.mean", 9.0), null, null)));
            c.commit();
        }
    }

    @Test
    void timeRangeQueryTouchesOnlyTheMatchingPartition() throws Exception {
        try (Connection c = db.open()) {
            String plan = new PdmQueries(c)
                    .explainReadings(
                            "pump-1",
                            "temp",
                            Instant.parse("2030-01-02T03:00:00Z"),
                            Instant.parse("2030-01-02T20:00:00Z"));
            assertThat(plan)
                    .contains("readings_p20300102")
                    .doesNotContain("readings_p20300101", "readings_p20300103", "readings_default");

            String twoDays = new PdmQueries(c)
                    .explainReadings(
                            "pump-1",
                            null,
                            Instant.parse("2030-01-02T03:00:00Z"),
                            Instant.parse("2030-01-03T01:00:00Z"));
            assertThat(twoDays)
                    .contains("readings_p20300102", "readings_p20300103")
                    .doesNotContain("readings_p20300101", "readings_default");
        }
    }

    @Test
    void readingsOfAnAssetBetweenTwoInstants() throws Exception {
        try (Connection c = db.open()) {
            PdmQueries q = new PdmQueries(c);
            Instant from = Instant.parse("2030-01-02T06:00:00Z");
            Instant to = Instant.parse("2030-01-03T00:00:00Z");

            List<PdmQueries.ReadingRow> temp = q.readings("pump-1", "temp", from, to);
            assertThat(temp).extracting(PdmQueries.ReadingRow::value).containsExactly(206.0, 212.0, 218.0);
            assertThat(temp.get(0).ts()).isEqualTo(from);
            assertThat(q.readings("pump-1", null, from, to))
                    .hasSize(6)
                    .allSatisfy(r -> assertThat(r.asset()).isEqualTo("pump-1"));
        }
    }

    @Test
    void latestFeaturesPerAsset() throws Exception {
        try (Connection c = db.open()) {
            List<Features> latest = new PdmQueries(c).latestFeatures(null, Instant.parse("2030-01-01T00:00:00Z"));
            assertThat(latest).extracting(Features::asset).containsExactly("fan-9", "pump-1");
            Features pump = latest.get(1);
            assertThat(pump.readingCount()).isEqualTo(6);
            assertThat(pump.features()).containsExactlyInAnyOrderEntriesOf(Map.of("temp.mean", 2.0, "rpm.mean", 3.0));
            assertThat(pump.secondsSinceMaintenance()).isEqualTo(7.5);
            assertThat(pump.lastMaintenanceAction()).isEqualTo("OIL");
            assertThat(latest.get(0).secondsSinceMaintenance()).isNull();

            assertThat(new PdmQueries(c).latestFeatures("p2", Instant.parse("2030-01-01T00:00:00Z")))
                    .extracting(Features::asset)
                    .containsExactly("fan-9");
        }
    }

    @Test
    void storedCountsCountEachTableOfTheStore() throws Exception {
        ConnectionFactory fresh = StoreTestDb.fresh("store_counts");
        try (Connection c = fresh.open()) {
            assertThat(new PdmQueries(c).storedCounts()).isEqualTo(PdmQueries.StoredCounts.ZERO);

            c.setAutoCommit(false);
            long t = millis("2030-01-02T10:00:00Z");
            ReadingWriter readings = new ReadingWriter();
            MaintenanceLogWriter logs = new MaintenanceLogWriter();
            FeatureWriter features = new FeatureWriter();
            readings.prepare(c);
            logs.prepare(c);
            features.prepare(c);
            readings.write(
                    c,
                    List.of(
                            Reading.scalar("p1", "pump-1", t, t, new String[] {"temp", "rpm"}, new double[] {70, 1500}),
                            Reading.waveform("p1", "pump-1", t, t, "vib", 25_600, new float[] {0.1f, -0.2f}),
                            Reading.waveform("p1", "pump-1", t + 1000, t + 1000, "vib", 25_600, new float[] {0.3f})));
            logs.write(
                    c,
                    List.of(
                            new MaintenanceLog("wo-1", "p1", "pump-1", t, "INSPECT", null, "kim", "noisy", "cmms", t),
                            new MaintenanceLog(
                                    "wo-2", "p1", "pump-1", t, "REPLACEMENT", "bearing", "kim", "", "cmms", t),
                            new MaintenanceLog("wo-3", "p1", "pump-2", t, "LUBRICATION", null, "jo", "", "cmms", t)));
            features.write(
                    c, List.of(new Features("p1", "pump-1", t, t + 60_000, 2, Map.of("temp.mean", 70.0), null, null)));
            c.commit();

            PdmQueries.StoredCounts counts = new PdmQueries(c).storedCounts();
            assertThat(counts).isEqualTo(new PdmQueries.StoredCounts(2, 2, 1, 3));
            assertThat(counts.plus(counts)).isEqualTo(new PdmQueries.StoredCounts(4, 4, 2, 6));
        }
    }
}

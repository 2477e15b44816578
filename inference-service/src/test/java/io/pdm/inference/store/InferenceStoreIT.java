package io.pdm.inference.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.pdm.embedded.TestPostgres;
import io.pdm.schemas.avro.AlertRecord;
import io.pdm.schemas.avro.ConditionReading;
import io.pdm.schemas.avro.Driver;
import io.pdm.schemas.avro.PredictionRecord;
import io.pdm.schemas.avro.RemainingLife;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The store on a real PostgreSQL: idempotent writes, the alert list and the health trend. */
public class InferenceStoreIT {
    static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");

    public static PredictionRecord prediction(String asset, int hour, double rul) {
        return PredictionRecord.newBuilder()
                .setPlant("plant-a")
                .setAsset(asset)
                .setAssetType("pump-set")
                .setWindowEnd(T0.plusSeconds(3600L * hour))
                .setScoredAt(T0.plusSeconds(3600L * hour + 1))
                .setBaseModel("ab".repeat(32))
                .setAdapterVersion(3L)
                .setRemainingLife(new RemainingLife(rul, rul - 10, rul + 10, 0.9, "hours", "split-conformal"))
                .setHealthStage("DEGRADING")
                .setStageProbabilities(Map.of("HEALTHY", 0.2, "DEGRADING", 0.8))
                .setDrivers(List.of(new Driver("vib.rms", -12.5)))
                .setConditions(List.of(new ConditionReading("vib.rms", "LIMIT", 7.3, "mm/s", 2.1, "ISO 20816 zone C")))
                .setQuality(List.of("MISSING_CHANNELS"))
                .setMissingChannels(List.of("flow.mean"))
                .build();
    }

    public static AlertRecord alert(String id, String asset, int hour, int severity) {
        return AlertRecord.newBuilder()
                .setAlertId(id)
                .setFingerprint("plant-a/" + asset + "/REMAINING_LIFE_LOW/bearing")
                .setPlant("plant-a")
                .setAsset(asset)
                .setAssetType("pump-set")
                .setKind("REMAINING_LIFE_LOW")
                .setFailureMode("bearing")
                .setState("RAISED")
                .setSeverity(severity)
                .setOccurredAt(T0.plusSeconds(3600L * hour))
                .setRemainingLife(new RemainingLife(40.0, 30.0, 50.0, 0.9, "hours", "split-conformal"))
                .setTitle("Bearing wear on " + asset)
                .setText("Replace the bearing within 30 hours.")
                .setWriter("template")
                .setGrounded(true)
                .setCitedLogs(List.of("WO-1"))
                .setFactSheet("{\"asset\":\"" + asset + "\"}")
                .build();
    }

    @Test
    void predictionsAreIdempotentAndGiveATrend() {
        InferenceStore store =
                InferenceStore.of(TestPostgres.newDatabase("inference")).migrate();
        store.save(List.of(prediction("p1", 0, 100), prediction("p1", 1, 90), prediction("p1", 2, 80)), List.of());
        store.save(List.of(prediction("p1", 2, 80)), List.of()); // a replay after a restart
        HealthView health = new AlertQueries(store).health("plant-a", "p1", 10).orElseThrow();
        assertThat(health.trend()).hasSize(3);
        assertThat(health.latest().remainingLife().predicted()).isEqualTo(80.0);
        assertThat(health.latest().quality()).containsExactly("MISSING_CHANNELS");
        assertThat(health.latest().drivers().get(0).get("channel").asText()).isEqualTo("vib.rms");
        assertThat(health.trendPerHour()).isCloseTo(-10.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(new AlertQueries(store).health("plant-a", "nobody", 10)).isEmpty();
        InferenceTotals totals = new AlertQueries(store).totals("plant-a");
        assertThat(totals.predictions()).isEqualTo(3);
        assertThat(totals.predictionsWithLife()).isEqualTo(3);
        assertThat(totals.adapterVersion()).isEqualTo(3L);
    }

    @Test
    void alertsAreStoredOnceAndListedNewestFirstWithFilters() {
        InferenceStore store =
                InferenceStore.of(TestPostgres.newDatabase("inference")).migrate();
        store.save(List.of(), List.of(alert("a1", "p1", 1, 300), alert("a2", "p2", 2, 700)));
        store.save(List.of(), List.of(alert("a2", "p2", 2, 700)));
        AlertQueries queries = new AlertQueries(store);
        assertThat(queries.alerts("plant-a", null, 1, null, 50))
                .extracting(AlertView::alertId)
                .containsExactly("a2", "a1");
        assertThat(queries.alerts("plant-a", "p1", 1, null, 50))
                .extracting(AlertView::alertId)
                .containsExactly("a1");
        assertThat(queries.alerts("plant-a", null, 500, null, 50))
                .extracting(AlertView::alertId)
                .containsExactly("a2");
        assertThat(queries.alerts("plant-b", null, 1, null, 50)).isEmpty();
        InferenceTotals totals = queries.totals("plant-a");
        assertThat(totals.alerts()).isEqualTo(2);
        assertThat(totals.grounded()).isEqualTo(2);
        assertThat(totals.byWriter()).containsExactly(java.util.Map.entry("template", 2L));
        assertThat(queries.totals("plant-b")).isEqualTo(new InferenceTotals(0, 0, 0, 0, Map.of(), null));
        AlertView a1 = queries.alert("plant-a", "a1").orElseThrow();
        assertThat(a1.citedLogs()).containsExactly("WO-1");
        assertThat(a1.remainingLife().lower()).isEqualTo(30.0);
        assertThat(a1.factSheet().get("asset").asText()).isEqualTo("p1");
    }
}

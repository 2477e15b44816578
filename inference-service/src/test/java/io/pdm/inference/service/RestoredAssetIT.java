package io.pdm.inference.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.pdm.assets.AssetType;
import io.pdm.assets.AssetTypeMapping;
import io.pdm.assets.Thresholds;
import io.pdm.inference.writer.AlertTextPipeline;
import io.pdm.inference.writer.TemplateWriter;
import io.pdm.schemas.avro.AlertRecord;
import io.pdm.schemas.avro.FeatureVector;
import io.pdm.schemas.avro.PredictionRecord;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A gearbox runs to failure and is replaced: through the service's own steps and a real base, the replacement stamped
 * on the next feature vector clears the failed machine's predictive alerts and scores the new one from a fresh,
 * padded window, with no predictive alert until it has the type's minimum history.
 */
class RestoredAssetIT {
    static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");
    static final int LIFE = 60, MIN_HISTORY = 12;

    @TempDir
    Path dir;

    /** Minute {@code minute} of the asset: a step {@code t} of a life of {@code length}, with a maintenance stamp. */
    static FeatureVector vector(int minute, int t, int length, SplittableRandom random, Double since, String action) {
        double[] v = TestBaseModels.step(t, length, random);
        Map<String, Double> f = new HashMap<>();
        for (int c = 0; c < v.length; c++) f.put(TestBaseModels.CHANNELS.get(c), v[c]);
        return FeatureVector.newBuilder()
                .setPlant("plant-b")
                .setAsset("gb-1")
                .setWindowStart(T0.plusSeconds(60L * minute - 60))
                .setWindowEnd(T0.plusSeconds(60L * minute))
                .setReadingCount(60)
                .setFeatures(f)
                .setSecondsSinceMaintenance(since)
                .setLastMaintenanceAction(action)
                .build();
    }

    record Step(PredictionRecord prediction, List<AlertRecord> alerts) {}

    /** The failed life, then {@code after} steps of a new one whose first vector carries {@code action}. */
    static List<Step> run(Path base, String action, int after) throws Exception {
        Thresholds t = TestBaseModels.type().thresholds();
        AssetType type = TestBaseModels.type()
                .withThresholds(new Thresholds(
                        t.remainingLife(), t.healthStage(), t.alertDelay(), t.upperBoundBelow(), MIN_HISTORY));
        List<Step> out = new ArrayList<>();
        try (AlertTextPipeline texts = new AlertTextPipeline(new TemplateWriter(), Duration.ofSeconds(5))) {
            PlantSteps steps = PlantSteps.open(
                    "plant-b",
                    AssetTypeMapping.all("test-gearbox"),
                    List.of(type),
                    Map.of("test-gearbox", base),
                    MaintenanceContext.NONE,
                    texts::write,
                    Clock.fixed(T0, ZoneOffset.UTC));
            SplittableRandom old = new SplittableRandom(3), fresh = new SplittableRandom(4);
            for (int m = 1; m <= LIFE; m++) {
                out.add(step(steps, vector(m, m, LIFE, old, null, null)));
            }
            for (int k = 1; k <= after; k++) {
                // the log entry was written 30 s before the new machine's first window ended
                out.add(step(steps, vector(LIFE + k, k, 120, fresh, 60.0 * (k - 1) + 30, action)));
            }
        }
        return out;
    }

    static Step step(PlantSteps steps, FeatureVector v) {
        InferenceLoop.Outcome o = steps.onFeatures(v, false);
        return new Step(o.predictions().get(0), o.alerts());
    }

    static boolean predictive(AlertRecord a) {
        return a.getKind().equals("REMAINING_LIFE_LOW") || a.getKind().equals("HEALTH_STAGE");
    }

    @Test
    void aReplacementClearsTheFailedMachinesAlertsAndScoresTheNewOneFromAFreshWindow() throws Exception {
        Path base = TestBaseModels.pretrain(dir.resolve("base"));
        List<Step> replaced = run(base, "REPLACEMENT", MIN_HISTORY + 2);

        List<AlertRecord> failed = replaced.subList(0, LIFE).stream()
                .flatMap(s -> s.alerts().stream())
                .filter(RestoredAssetIT::predictive)
                .toList();
        assertThat(failed)
                .as("the first life ends in a predictive alert")
                .anyMatch(a -> a.getState().equals("RAISED"));
        // the first machine's own first steps: fewer than 12 real steps, no predictive alert and flagged
        for (int i = 0; i < MIN_HISTORY - 1; i++) {
            assertThat(replaced.get(i).prediction().getQuality()).contains("SHORT_HISTORY");
        }

        Step first = replaced.get(LIFE);
        assertThat(first.alerts())
                .as("the failed machine's open predictive alerts are cleared by the replacement")
                .filteredOn(RestoredAssetIT::predictive)
                .isNotEmpty()
                .allSatisfy(a -> {
                    assertThat(a.getState()).isEqualTo("CLEARED");
                    assertThat(a.getOccurredAt()).isEqualTo(T0.plusSeconds(60L * (LIFE + 1)));
                });
        // the new machine: padded again, flagged for its first 11 steps, no predictive alert raised meanwhile
        for (int k = 0; k < MIN_HISTORY - 1; k++) {
            Step s = replaced.get(LIFE + k);
            assertThat(s.prediction().getQuality())
                    .as("new machine step %d", k + 1)
                    .contains("SHORT_HISTORY");
            assertThat(s.prediction().getRemainingLife()).as("still published").isNotNull();
            assertThat(s.alerts())
                    .filteredOn(a -> predictive(a) && !a.getState().equals("CLEARED"))
                    .isEmpty();
        }
        assertThat(replaced.get(LIFE + MIN_HISTORY - 1).prediction().getQuality())
                .doesNotContain("SHORT_HISTORY");
        assertThat(replaced.get(LIFE).prediction().getRemainingLife().getPredicted())
                .as("a fresh machine's window is scored far from failure")
                .isGreaterThan(
                        replaced.get(LIFE - 1).prediction().getRemainingLife().getPredicted());

        // an inspection instead: the same machine goes on, its window and alerts are kept
        List<Step> inspected = run(base, "INSPECTION", 1);
        assertThat(inspected.get(LIFE).prediction().getQuality()).doesNotContain("SHORT_HISTORY");
        assertThat(inspected.get(LIFE).alerts())
                .filteredOn(a -> predictive(a) && a.getState().equals("CLEARED"))
                .isEmpty();
    }
}

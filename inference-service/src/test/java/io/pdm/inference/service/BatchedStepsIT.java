package io.pdm.inference.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.pdm.assets.AssetTypeMapping;
import io.pdm.inference.writer.AlertTextPipeline;
import io.pdm.inference.writer.TemplateWriter;
import io.pdm.schemas.avro.AlertRecord;
import io.pdm.schemas.avro.FeatureVector;
import io.pdm.schemas.avro.PredictionRecord;
import java.io.IOException;
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
 * Scoring a poll's windows together (one forward pass per model) gives the same predictions and alerts as one call
 * per vector, with a real DJL base: batching changes the cost, never the outcome.
 */
class BatchedStepsIT {
    static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");

    @TempDir
    Path dir;

    static List<FeatureVector> vectors() {
        List<FeatureVector> out = new ArrayList<>();
        for (int a = 0; a < 3; a++) {
            SplittableRandom random = new SplittableRandom(a);
            for (int t = 1; t <= 60; t++) {
                double[] v = TestBaseModels.step(t, 60, random);
                Map<String, Double> f = new HashMap<>();
                for (int c = 0; c < v.length; c++) f.put(TestBaseModels.CHANNELS.get(c), v[c]);
                out.add(FeatureVector.newBuilder()
                        .setPlant("plant-b")
                        .setAsset("gb-" + a)
                        .setWindowStart(T0.plusSeconds(60L * t - 60))
                        .setWindowEnd(T0.plusSeconds(60L * t))
                        .setReadingCount(60)
                        .setFeatures(f)
                        .build());
            }
        }
        // interleave the assets as a poll would
        List<FeatureVector> interleaved = new ArrayList<>();
        for (int t = 0; t < 60; t++) for (int a = 0; a < 3; a++) interleaved.add(out.get(a * 60 + t));
        return interleaved;
    }

    static PlantSteps steps(Path base, AlertTextPipeline texts) throws IOException {
        return PlantSteps.open(
                "plant-b",
                AssetTypeMapping.all("test-gearbox"),
                List.of(TestBaseModels.type()),
                Map.of("test-gearbox", base),
                MaintenanceContext.NONE,
                texts::write,
                Clock.fixed(T0, ZoneOffset.UTC));
    }

    @Test
    void aBatchGivesTheSameOutcomesAsOneVectorAtATime() throws Exception {
        Path base = TestBaseModels.pretrain(dir.resolve("base"));
        List<FeatureVector> vectors = vectors();
        List<PredictionRecord> onePredictions = new ArrayList<>(), batchPredictions = new ArrayList<>();
        List<AlertRecord> oneAlerts = new ArrayList<>(), batchAlerts = new ArrayList<>();
        try (AlertTextPipeline texts = new AlertTextPipeline(new TemplateWriter(), Duration.ofSeconds(5))) {
            PlantSteps one = steps(base, texts);
            for (FeatureVector v : vectors) {
                InferenceLoop.Outcome o = one.onFeatures(v, false);
                onePredictions.addAll(o.predictions());
                oneAlerts.addAll(o.alerts());
            }
            PlantSteps batched = steps(base, texts);
            for (int i = 0; i < vectors.size(); i += 32) {
                List<FeatureVector> poll = vectors.subList(i, Math.min(vectors.size(), i + 32));
                List<Boolean> warm = new ArrayList<>();
                poll.forEach(v -> warm.add(false));
                for (InferenceLoop.Outcome o : batched.onBatch(poll, warm)) {
                    batchPredictions.addAll(o.predictions());
                    batchAlerts.addAll(o.alerts());
                }
            }
        }
        assertThat(batchPredictions).hasSize(180).hasSameSizeAs(onePredictions);
        for (int i = 0; i < onePredictions.size(); i++) {
            PredictionRecord a = onePredictions.get(i), b = batchPredictions.get(i);
            assertThat(b.getAsset()).isEqualTo(a.getAsset());
            assertThat(b.getWindowEnd()).isEqualTo(a.getWindowEnd());
            if (a.getRemainingLife() == null) {
                assertThat(b.getRemainingLife()).isNull();
            } else {
                assertThat(b.getRemainingLife().getPredicted())
                        .isCloseTo(a.getRemainingLife().getPredicted(), org.assertj.core.data.Offset.offset(1e-3));
            }
        }
        assertThat(oneAlerts).as("a life of 60 steps ends in alerts").isNotEmpty();
        assertThat(batchAlerts)
                .extracting(AlertRecord::getAlertId)
                .containsExactlyElementsOf(
                        oneAlerts.stream().map(AlertRecord::getAlertId).toList());
    }
}

package io.pdm.bench.inference;

import io.pdm.assets.AssetType;
import io.pdm.assets.AssetTypeMapping;
import io.pdm.assets.LifeUnit;
import io.pdm.assets.lives.Life;
import io.pdm.inference.facts.FactSheet;
import io.pdm.inference.policy.PolicySettings;
import io.pdm.inference.service.InferenceLoop;
import io.pdm.inference.service.MaintenanceContext;
import io.pdm.inference.service.PlantSteps;
import io.pdm.inference.writer.WrittenAlert;
import io.pdm.schemas.avro.AlertRecord;
import io.pdm.schemas.avro.FeatureVector;
import io.pdm.schemas.avro.PredictionRecord;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Replays lives through the inference service's own per-step code ({@link PlantSteps}: the asset's window, condition
 * watch, base-model scoring, the alert policy with the type's thresholds, fact sheets and the writer chain with its
 * grounding check), one feature vector per step, exactly as {@code pdm.{plant}.features.v1} would carry it. Each life
 * is its own asset, so no state leaks from one life to the next.
 */
public final class LifeReplay {
    /** Where replayed time starts; a step of a type without a step length (a C-MAPSS cycle) is replayed as 1 hour. */
    public static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    static final Duration NOMINAL_STEP = Duration.ofHours(1);

    private final String plant;
    private final AssetType type;
    private final Path baseDir;
    private final PolicySettings.ChangeAlerts changeAlerts;

    /** Every delivered text with the sheet it was written from, in order. */
    public record Text(String lifeId, AlertRecord alert, FactSheet sheet, WrittenAlert written) {}

    /** A replayed life: its trace for the metrics and its alerts' texts. */
    public record Replayed(LifeTrace trace, List<Text> texts) {}

    public LifeReplay(String plant, AssetType type, Path baseDir) {
        this(plant, type, baseDir, PolicySettings.DEFAULT.changeAlerts());
    }

    public LifeReplay(String plant, AssetType type, Path baseDir, PolicySettings.ChangeAlerts changeAlerts) {
        this.plant = plant;
        this.type = type;
        this.baseDir = baseDir;
        this.changeAlerts = changeAlerts;
    }

    /**
     * @param texts the writer chain (an {@code AlertTextPipeline}); every sheet and text it returns is recorded
     */
    public List<Replayed> replay(List<Life> lives, Function<FactSheet, WrittenAlert> texts) throws IOException {
        List<Text> written = new ArrayList<>();
        List<FactSheet> sheets = new ArrayList<>();
        List<WrittenAlert> results = new ArrayList<>();
        Function<FactSheet, WrittenAlert> recording = sheet -> {
            WrittenAlert w = texts.apply(sheet);
            sheets.add(sheet);
            results.add(w);
            return w;
        };
        PlantSteps steps = PlantSteps.open(
                plant,
                AssetTypeMapping.all(type.id()),
                List.of(type),
                baseDir == null ? Map.of() : Map.of(type.id(), baseDir),
                MaintenanceContext.NONE,
                recording,
                changeAlerts,
                Clock.systemUTC());
        List<Replayed> out = new ArrayList<>();
        for (Life life : lives) {
            sheets.clear();
            results.clear();
            LifeTrace trace = replay(steps, life, sheets, results, written);
            out.add(new Replayed(trace, List.copyOf(written)));
            written.clear();
        }
        return out;
    }

    private LifeTrace replay(
            PlantSteps steps, Life life, List<FactSheet> sheets, List<WrittenAlert> results, List<Text> texts) {
        String asset = assetOf(life);
        int n = life.steps();
        double[] truth = new double[n], observed = new double[n];
        double[] rul = new double[n], lower = new double[n], upper = new double[n];
        Arrays.fill(rul, Double.NaN);
        Arrays.fill(lower, Double.NaN);
        Arrays.fill(upper, Double.NaN);
        List<LifeTrace.Alert> alerts = new ArrayList<>();
        Duration step =
                type.step().duration() == null ? NOMINAL_STEP : type.step().duration();
        // The life's vectors as the Kafka loop hands a poll to the service: one batch, scored together.
        List<FeatureVector> vectors = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            truth[i] = life.remaining(i);
            observed[i] = life.observedAfter(i);
            vectors.add(vector(life, i, asset, T0.plus(step.multipliedBy(i + 1)), step));
        }
        List<InferenceLoop.Outcome> outcomes = steps.onBatch(vectors, java.util.Collections.nCopies(n, false));
        int text = 0; // the composer wrote one text per alert, in the alerts' order
        for (int i = 0; i < n; i++) {
            InferenceLoop.Outcome outcome = outcomes.get(i);
            for (PredictionRecord p : outcome.predictions()) {
                if (p.getRemainingLife() != null) {
                    rul[i] = p.getRemainingLife().getPredicted();
                    lower[i] = p.getRemainingLife().getLower();
                    upper[i] = p.getRemainingLife().getUpper();
                }
            }
            for (AlertRecord r : outcome.alerts()) {
                alerts.add(new LifeTrace.Alert(i, r.getKind(), r.getState(), r.getFingerprint(), r.getSeverity()));
                texts.add(new Text(life.lifeId(), r, sheets.get(text), results.get(text)));
                text++;
            }
        }
        double failureAge = Double.isNaN(truth[n - 1]) ? Double.NaN : life.age(n - 1) + truth[n - 1];
        double length = Double.isNaN(failureAge) ? Double.NaN : failureAge - life.age(0) + type.lifePerStep();
        return new LifeTrace(life.lifeId(), asset, truth, observed, rul, lower, upper, alerts, length);
    }

    /** The feature vector of step {@code i}: every channel of the life, and the age as seconds since maintenance. */
    FeatureVector vector(Life life, int i, String asset, Instant end, Duration step) {
        Map<String, Double> features = new LinkedHashMap<>();
        double[] values = life.step(i);
        for (int c = 0; c < values.length; c++) features.put(life.channels().get(c), values[c]);
        double secondsPerUnit = type.lifeUnit() == LifeUnit.HOURS
                ? 3600.0
                : type.step().seconds() == null ? 1.0 : type.step().seconds();
        return FeatureVector.newBuilder()
                .setPlant(plant)
                .setAsset(asset)
                .setWindowStart(end.minus(step))
                .setWindowEnd(end)
                .setReadingCount(1)
                .setFeatures(features)
                .setSecondsSinceMaintenance(life.age(i) * secondsPerUnit)
                .build();
    }

    /** An asset id per life: the life id with separators as dashes (unique within a source). */
    static String assetOf(Life life) {
        return life.lifeId()
                .toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9]+", "-")
                .replaceAll("^-|-$", "");
    }
}

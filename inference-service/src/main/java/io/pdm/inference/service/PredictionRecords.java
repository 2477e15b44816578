package io.pdm.inference.service;

import io.pdm.inference.condition.ConditionFinding;
import io.pdm.inference.policy.RemainingLifePrediction;
import io.pdm.inference.scoring.ScoringInput;
import io.pdm.model.data.HealthStage;
import io.pdm.model.life.LifePrediction;
import io.pdm.model.text.AlertFacts;
import io.pdm.schemas.avro.ConditionReading;
import io.pdm.schemas.avro.Driver;
import io.pdm.schemas.avro.PredictionRecord;
import io.pdm.schemas.avro.RemainingLife;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Conversions between the model's and the policy's views of a prediction and the published Avro record. */
final class PredictionRecords {
    static final String CALIBRATION = "split-conformal on held-out lives";

    private PredictionRecords() {}

    static PredictionRecord of(
            String plant,
            String assetType,
            ScoringInput window,
            PlantSteps.Scored scored,
            List<ConditionFinding> findings,
            Set<ScoringInput.Quality> quality,
            Instant scoredAt) {
        PredictionRecord.Builder b = PredictionRecord.newBuilder()
                .setPlant(plant)
                .setAsset(window.asset())
                .setAssetType(assetType)
                .setWindowEnd(window.end())
                .setScoredAt(scoredAt)
                .setConditions(findings.stream().map(PredictionRecords::reading).toList())
                .setQuality(quality.stream().map(Enum::name).sorted().toList())
                .setMissingChannels(List.copyOf(window.missing()));
        if (scored != null) {
            LifePrediction p = scored.prediction();
            b.setBaseModel(scored.version().model().baseHash())
                    .setAdapterVersion(
                            scored.version().version() == TypeRuntime.BASE_ONLY
                                    ? null
                                    : scored.version().version())
                    .setRemainingLife(remainingLife(p))
                    .setHealthStage(p.stage())
                    .setStageProbabilities(Map.copyOf(p.stages()))
                    .setDrivers(p.drivers().stream()
                            .map(d -> new Driver(d.channel(), d.effect()))
                            .toList());
            if (p.members() > 1) { // an ensemble version; one adapter or the base alone leave both unset, as before
                b.setAdapterMembers(p.members()).setMemberSpread(p.spread());
            }
        }
        return b.build();
    }

    static RemainingLife remainingLife(LifePrediction p) {
        double level = Double.isNaN(p.level()) ? 0 : p.level();
        return new RemainingLife(
                p.rul(),
                p.lower(),
                p.upper(),
                level,
                p.unit().toLowerCase(Locale.ROOT),
                Double.isNaN(p.level()) ? "none (base not calibrated)" : CALIBRATION);
    }

    static ConditionReading reading(ConditionFinding f) {
        String detail = f.kind() == ConditionFinding.Kind.LIMIT
                ? "zone " + f.zone() + " of " + f.standard()
                : String.format(Locale.ROOT, "robust z %.2f, CUSUM %.2f", f.z(), f.statistic());
        return new ConditionReading(
                f.channel(),
                f.kind().name(),
                f.value(),
                f.unit(),
                f.baseline() == null ? null : f.baseline().median(),
                detail);
    }

    /** The policy's view: stage as the platform's health stages, unit as the alert facts' life unit. */
    static RemainingLifePrediction forPolicy(Instant time, LifePrediction p) {
        return new RemainingLifePrediction(
                time, p.rul(), p.lower(), p.upper(), lifeUnit(p.unit()), stage(p.stage()), Map.of());
    }

    static AlertFacts.LifeUnit lifeUnit(String unit) {
        return unit.toUpperCase(Locale.ROOT).startsWith("HOUR") ? AlertFacts.LifeUnit.HOUR : AlertFacts.LifeUnit.CYCLE;
    }

    static HealthStage stage(String name) {
        try {
            return HealthStage.valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return HealthStage.DEGRADING; // a stage name the platform does not know: neither healthy nor critical
        }
    }
}

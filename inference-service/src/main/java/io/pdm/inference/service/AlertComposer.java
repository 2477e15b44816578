package io.pdm.inference.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.pdm.assets.AssetType;
import io.pdm.inference.facts.FactSheet;
import io.pdm.inference.facts.FactSheets;
import io.pdm.inference.facts.MaintenanceRecord;
import io.pdm.inference.facts.Measurement;
import io.pdm.inference.policy.AlertCandidate;
import io.pdm.inference.policy.Fingerprint;
import io.pdm.inference.scoring.ScoringInput;
import io.pdm.inference.writer.AlertTexts;
import io.pdm.inference.writer.WrittenAlert;
import io.pdm.model.life.LifePrediction;
import io.pdm.schemas.avro.AlertRecord;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * Turns an alert candidate into the published alert: its fact sheet (the candidate's findings, the channels that
 * drove the estimate with their trends, the asset's last maintenance and the plant's most similar past logs), the text
 * written from it, and the record. The alert id is derived from the fingerprint, state and time, so a replay after a
 * crash produces the same id and the store and consumers deduplicate it.
 */
final class AlertComposer {
    static final int SIMILAR_LOGS = 3;
    private static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private final MaintenanceContext maintenance;
    private final Function<FactSheet, WrittenAlert> texts;

    /**
     * @param texts the writer chain with its grounding check (an {@code AlertTextPipeline}); an {@link AlertTexts}
     *              gets a batch's sheets in one call
     */
    AlertComposer(MaintenanceContext maintenance, Function<FactSheet, WrittenAlert> texts) {
        this.maintenance = maintenance;
        this.texts = texts;
    }

    /** An alert to compose: its candidate and what its fact sheet draws on. */
    record Pending(AlertCandidate candidate, AssetType type, ScoringInput window, PlantSteps.Scored scored) {}

    /**
     * The alerts of a poll batch, in order: every fact sheet first, then all texts in one call of the writer chain
     * ({@code AlertTextPipeline.writeAll}: a batching writer drafts them together, any other writes them in parallel),
     * then the records. Writing them one after another made a slow writer's alerts queue behind each other inside the
     * batch's transaction (docs/results/inference.md).
     */
    List<AlertRecord> composeAll(List<Pending> pending) {
        if (pending.isEmpty()) return List.of();
        List<FactSheet> sheets = new ArrayList<>(pending.size());
        for (Pending p : pending) sheets.add(sheet(p.candidate(), p.type(), p.window(), p.scored()));
        List<WrittenAlert> written = texts instanceof AlertTexts batch
                ? batch.writeAll(sheets)
                : sheets.stream().map(texts).toList();
        List<AlertRecord> out = new ArrayList<>(pending.size());
        for (int i = 0; i < pending.size(); i++) {
            Pending p = pending.get(i);
            out.add(record(p.candidate(), p.type(), sheets.get(i), p.scored(), written.get(i)));
        }
        return out;
    }

    private FactSheet sheet(AlertCandidate c, AssetType type, ScoringInput window, PlantSteps.Scored scored) {
        List<MaintenanceRecord> similar = c.state() == AlertCandidate.State.CLEARED
                ? List.of()
                : maintenance.similar(c.plant(), FactSheets.query(c, type.name()), SIMILAR_LOGS);
        MaintenanceRecord last = maintenance.last(c.plant(), c.asset()).orElse(null);
        return FactSheets.of(c, type.name(), context(type, window, scored), last, similar);
    }

    private AlertRecord record(
            AlertCandidate c, AssetType type, FactSheet sheet, PlantSteps.Scored scored, WrittenAlert written) {
        AlertRecord.Builder b = AlertRecord.newBuilder()
                .setAlertId(alertId(c))
                .setFingerprint(c.fingerprint().hash())
                .setPlant(c.plant())
                .setAsset(c.asset())
                .setAssetType(type.id())
                .setKind(c.kind().name())
                .setFailureMode(c.failureMode())
                .setState(c.state().name())
                .setSeverity(c.severity())
                .setOccurredAt(c.time())
                .setTitle(title(c, type))
                .setText(written.text())
                .setWriter(written.writerId())
                .setGrounded(written.grounded())
                .setWriterAttempts(written.attempts())
                .setGroundingViolations(
                        written.rejected().stream().map(Object::toString).toList())
                .setCitedLogs(written.citedLogIds())
                .setFactSheet(json(sheet));
        if (scored != null) {
            b.setRemainingLife(PredictionRecords.remainingLife(scored.prediction()))
                    .setHealthStage(scored.prediction().stage())
                    .setBaseModel(scored.version().model().baseHash())
                    .setAdapterVersion(
                            scored.version().version() == TypeRuntime.BASE_ONLY
                                    ? null
                                    : scored.version().version());
        }
        return b.build();
    }

    /** One line for an inbox: state, what, where; only facts of the candidate itself. */
    static String title(AlertCandidate c, AssetType type) {
        String what = switch (c.kind()) {
            case REMAINING_LIFE_LOW -> "Remaining life low";
            case HEALTH_STAGE ->
                "Health stage "
                        + (c.prediction() == null
                                ? "changed"
                                : c.prediction().stage().name().toLowerCase(Locale.ROOT));
            case CONDITION_LIMIT -> "Limit exceeded";
            case CONDITION_CHANGE -> "Unusual change";
        };
        String mode = c.failureMode() == null || c.failureMode().equals(Fingerprint.UNSPECIFIED)
                ? ""
                : " (" + c.failureMode() + ")";
        String state = c.state() == AlertCandidate.State.CLEARED ? "Cleared: " : "";
        return state + what + mode + " on " + c.asset() + ", " + type.name();
    }

    static String alertId(AlertCandidate c) {
        String key = c.fingerprint().hash() + "|" + c.state() + "|" + c.time().toEpochMilli();
        return UUID.nameUUIDFromBytes(key.getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** The channels worth citing: those that drove the estimate, then the model's others, with window trends. */
    static List<Measurement> context(AssetType type, ScoringInput window, PlantSteps.Scored scored) {
        Set<String> channels = new LinkedHashSet<>();
        if (scored != null) {
            for (LifePrediction.Driver d : scored.prediction().drivers()) channels.add(d.channel());
        }
        List<Measurement> out = new ArrayList<>();
        Duration step = type.step().duration();
        for (String channel : channels) {
            int c = window.channels().indexOf(channel);
            if (c < 0) continue;
            double value = window.latest()[c];
            if (!Double.isFinite(value)) continue;
            String unit = type.channel(channel).map(ch -> ch.unit()).orElse("");
            Measurement m = Measurement.of(channel, value, unit, window.end());
            if (step != null && window.steps() > 1) {
                m = m.withSlopePerHour(slopePerStep(window.values(), c) * 3600.0 / step.toSeconds());
            }
            out.add(m);
        }
        return out;
    }

    /** Least-squares slope of one column against the step index. */
    static double slopePerStep(double[][] values, int column) {
        int n = values.length;
        double sx = 0, sy = 0, sxx = 0, sxy = 0;
        for (int i = 0; i < n; i++) {
            double y = values[i][column];
            sx += i;
            sy += y;
            sxx += (double) i * i;
            sxy += i * y;
        }
        double d = n * sxx - sx * sx;
        return d == 0 ? 0 : (n * sxy - sx * sy) / d;
    }

    static String json(FactSheet sheet) {
        try {
            return JSON.writeValueAsString(sheet);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("fact sheet does not serialise: " + e.getMessage(), e);
        }
    }
}

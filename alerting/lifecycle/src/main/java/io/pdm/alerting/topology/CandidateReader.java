package io.pdm.alerting.topology;

import com.fasterxml.jackson.databind.JsonNode;
import io.pdm.alerting.lifecycle.Candidate;
import io.pdm.alerting.lifecycle.RejectReason;
import io.pdm.alerting.lifecycle.Rejected;
import io.pdm.schemas.AvroCodec;
import io.pdm.schemas.Ids;
import io.pdm.schemas.alerting.AlertFacts;
import io.pdm.schemas.alerting.AlertJson;
import io.pdm.schemas.avro.AlertRecord;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Reads an {@code AlertRecord} (Avro single-object) into a {@link Candidate}, or says precisely why it cannot. */
public final class CandidateReader {
    private final AvroCodec<AlertRecord> codec = AvroCodec.of(AlertRecord.class);
    private final String plant;

    public CandidateReader(String plant) {
        this.plant = plant;
    }

    public Candidate read(byte[] bytes) throws Rejected {
        return of(decode(bytes), true);
    }

    private AlertRecord decode(byte[] bytes) throws Rejected {
        if (bytes == null) throw new Rejected(RejectReason.MALFORMED_CANDIDATE, "empty value");
        AlertRecord r;
        try {
            r = codec.decode(bytes);
        } catch (IllegalArgumentException e) {
            throw new Rejected(RejectReason.MALFORMED_CANDIDATE, e.getMessage());
        }
        return r;
    }

    Candidate of(AlertRecord r, boolean withFacts) throws Rejected {
        if (!plant.equals(r.getPlant())) {
            throw bad("plant", "is " + r.getPlant() + ", this topic belongs to " + plant);
        }
        if (!Ids.isValid(r.getAsset())) throw bad("asset", "'" + r.getAsset() + "' is not a valid asset id");
        if (r.getFingerprint().isBlank()) throw bad("fingerprint", "is blank");
        if (r.getSeverity() < 1 || r.getSeverity() > 1000) throw bad("severity", r.getSeverity() + " is not 1-1000");
        Candidate.State state;
        try {
            state = Candidate.State.valueOf(r.getState());
        } catch (IllegalArgumentException e) {
            throw bad("state", "'" + r.getState() + "' is not RAISED, UPDATED or CLEARED");
        }
        AlertFacts.RemainingLife life = r.getRemainingLife() == null
                ? null
                : new AlertFacts.RemainingLife(
                        r.getRemainingLife().getPredicted(),
                        r.getRemainingLife().getLower(),
                        r.getRemainingLife().getUpper(),
                        r.getRemainingLife().getCoverage(),
                        r.getRemainingLife().getUnit());
        AlertFacts facts = !withFacts
                ? null
                : new AlertFacts(
                        r.getAlertId(),
                        r.getOccurredAt(),
                        r.getTitle(),
                        r.getText(),
                        life,
                        r.getHealthStage(),
                        evidence(r.getFactSheet()),
                        r.getCitedLogs(),
                        r.getBaseModel(),
                        r.getAdapterVersion(),
                        r.getWriter(),
                        r.getGrounded());
        return new Candidate(
                r.getAlertId(),
                r.getFingerprint(),
                r.getPlant(),
                r.getAsset(),
                r.getAssetType(),
                r.getKind(),
                r.getFailureMode() == null ? null : r.getFailureMode(),
                state,
                r.getSeverity(),
                r.getOccurredAt(),
                facts);
    }

    /** The fact sheet's reason and measurements; {@code "NaN"} numbers (unknown) become absent. */
    static AlertFacts.Evidence evidence(String factSheet) throws Rejected {
        JsonNode sheet;
        try {
            sheet = AlertJson.mapper().readTree(factSheet);
        } catch (IOException e) {
            throw bad("factSheet", "is not JSON: " + e.getMessage());
        }
        if (sheet == null || !sheet.isObject()) throw bad("factSheet", "is not a JSON object");
        List<AlertFacts.Measurement> measurements = new ArrayList<>();
        for (JsonNode m : sheet.path("measurements")) {
            if (!m.path("value").isNumber() || !m.hasNonNull("channel")) continue;
            Instant time;
            try {
                time = instant(m.path("time").asText());
            } catch (RuntimeException e) {
                throw bad("factSheet", "measurement " + m.path("channel").asText() + " has no valid time");
            }
            JsonNode limit = m.path("limit");
            measurements.add(new AlertFacts.Measurement(
                    m.path("channel").asText(),
                    m.path("value").asDouble(),
                    m.path("unit").asText(""),
                    time,
                    limit.isNumber() ? limit.asDouble() : null,
                    m.hasNonNull("zone") ? m.path("zone").asText() : null,
                    m.hasNonNull("standard") ? m.path("standard").asText() : null));
        }
        return new AlertFacts.Evidence(sheet.path("reason").asText(""), measurements);
    }

    private record Parsed(String text, Instant time) {}

    private static final ThreadLocal<Parsed> LAST_TIME = new ThreadLocal<>();

    /**
     * {@link Instant#parse}, remembering the last text per thread: a fact sheet's measurements mostly share one
     * window time, and parsing ISO-8601 was a tenth of the lifecycle thread's CPU in the bench's profile.
     */
    private static Instant instant(String text) {
        Parsed last = LAST_TIME.get();
        if (last != null && last.text().equals(text)) return last.time();
        Instant t = Instant.parse(text);
        LAST_TIME.set(new Parsed(text, t));
        return t;
    }

    private static Rejected bad(String field, String what) {
        return new Rejected(RejectReason.MALFORMED_CANDIDATE, field + " " + what);
    }
}

package io.pdm.alerting.topology;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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

    /**
     * The fact sheet's reason and measurements; {@code "NaN"} numbers (unknown) become absent. Read with Jackson's
     * streaming parser rather than into a tree: every candidate carries a fact sheet, and building its tree was the
     * largest single cost of reading a candidate in the bench's profile (docs/results/alerting.md). Fields it does not
     * know are skipped; a scalar where text is expected is taken as its JSON text.
     */
    static AlertFacts.Evidence evidence(String factSheet) throws Rejected {
        try (JsonParser p = AlertJson.mapper().getFactory().createParser(factSheet)) {
            if (p.nextToken() != JsonToken.START_OBJECT) throw bad("factSheet", "is not a JSON object");
            String reason = "";
            List<AlertFacts.Measurement> measurements = new ArrayList<>();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if ("reason".equals(field)) {
                    reason = text(p, value, "");
                } else if ("measurements".equals(field) && value == JsonToken.START_ARRAY) {
                    while (p.nextToken() != JsonToken.END_ARRAY) measurement(p, measurements);
                } else {
                    p.skipChildren();
                }
            }
            return new AlertFacts.Evidence(reason, measurements);
        } catch (IOException e) {
            throw bad("factSheet", "is not JSON: " + e.getMessage());
        }
    }

    /** One element of the measurements array (the parser on its first token); one without a number or channel is left out. */
    private static void measurement(JsonParser p, List<AlertFacts.Measurement> out) throws IOException, Rejected {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            p.skipChildren();
            return;
        }
        String channel = null, unit = "", time = "", zone = null, standard = null;
        Double value = null, limit = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken t = p.nextToken();
            switch (field) {
                case "channel" -> channel = text(p, t, null);
                case "value" -> value = t.isNumeric() ? p.getDoubleValue() : null;
                case "unit" -> unit = text(p, t, "");
                case "time" -> time = text(p, t, "");
                case "limit" -> limit = t.isNumeric() ? p.getDoubleValue() : null;
                case "zone" -> zone = text(p, t, null);
                case "standard" -> standard = text(p, t, null);
                default -> p.skipChildren();
            }
        }
        if (value == null || channel == null) return;
        Instant at;
        try {
            at = instant(time);
        } catch (RuntimeException e) {
            throw bad("factSheet", "measurement " + channel + " has no valid time");
        }
        out.add(new AlertFacts.Measurement(channel, value, unit, at, limit, zone, standard));
    }

    /** A field's text: a string's value, another scalar's JSON text, {@code orElse} for null; an object or array is skipped as "". */
    private static String text(JsonParser p, JsonToken t, String orElse) throws IOException {
        if (t == JsonToken.VALUE_NULL) return orElse;
        if (t.isStructStart()) {
            p.skipChildren();
            return "";
        }
        return p.getText();
    }

    /** Times parsed lately on this thread, by their text (a few hundred at most, then started afresh). */
    private static final ThreadLocal<Map<String, Instant>> TIMES = ThreadLocal.withInitial(HashMap::new);

    private static final int TIMES_KEPT = 256;

    /**
     * {@link Instant#parse}, remembering the texts parsed lately on this thread: a fact sheet's measurements share
     * their window's time, and so do the candidates of one model step across assets, which a task reads interleaved
     * with other steps' (a one-entry memo missed often enough to show in the bench's profile).
     */
    private static Instant instant(String text) {
        Map<String, Instant> times = TIMES.get();
        Instant t = times.get(text);
        if (t == null) {
            t = Instant.parse(text);
            if (times.size() >= TIMES_KEPT) times.clear();
            times.put(text, t);
        }
        return t;
    }

    private static Rejected bad(String field, String what) {
        return new Rejected(RejectReason.MALFORMED_CANDIDATE, field + " " + what);
    }
}

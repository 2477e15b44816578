package io.pdm.alerting.topology;

import io.pdm.alerting.lifecycle.Candidate;
import io.pdm.alerting.lifecycle.RejectReason;
import io.pdm.alerting.lifecycle.Rejected;
import io.pdm.schemas.AvroCodec;
import io.pdm.schemas.Ids;
import io.pdm.schemas.alerting.AlertFacts;
import io.pdm.schemas.avro.AlertRecord;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.avro.SchemaNormalization;

/**
 * Reads an {@code AlertRecord} (Avro single-object) into a {@link Candidate}, or says precisely why it cannot.
 *
 * <p>A record of the current schema (its fingerprint in the header) is read in place ({@link AvroCursor}): the fields
 * that route and decide (fingerprint, plant, asset, kind, failure mode, state, severity, time) at once, the fact sheet
 * checked at once ({@link FactSheets#check}), and the facts (texts, remaining life, the sheet's evidence) built only
 * when the lifecycle asks for them, which it does only for a candidate that is written: most repeats are held back
 * (docs/results/alerting.md; reading every candidate whole was 29 % of the stream thread). Anything else (an older
 * schema revision, bytes the cursor finds malformed) goes through Avro's resolving decoder as before, so its result
 * and its refusals are Avro's. A refusal's detail is the same either way (CandidateReaderTest).
 */
public final class CandidateReader {
    private static final AvroCodec<AlertRecord> CODEC = AvroCodec.of(AlertRecord.class);
    /** The current schema's 64-bit Rabin fingerprint, as the single-object header carries it. */
    private static final long FINGERPRINT = SchemaNormalization.parsingFingerprint64(AlertRecord.getClassSchema());

    private static final int HEADER = 10; // C3 01, then the fingerprint, little-endian

    private static final int ASSETS_KEPT = 10_000;

    private final String plant;
    private final byte[] plantBytes;
    /** Asset ids found valid lately (checking one is a regular expression; a task sees the same few again). */
    private final Set<String> validAssets = new HashSet<>();
    /** The check's fast path for plain sheets (the check decides the rest). */
    private final PlainSheetScan plainSheets;

    public CandidateReader(String plant) {
        this(plant, true);
    }

    /** @param fastSheets false: every sheet checked by Jackson's parser (the replay tests' reference) */
    CandidateReader(String plant, boolean fastSheets) {
        this.plant = plant;
        this.plantBytes = plant.getBytes(StandardCharsets.UTF_8);
        this.plainSheets = fastSheets ? new PlainSheetScan() : null;
    }

    public Candidate read(byte[] bytes) throws Rejected {
        if (bytes == null) throw new Rejected(RejectReason.MALFORMED_CANDIDATE, "empty value");
        if (current(bytes)) {
            Candidate c;
            try {
                c = inPlace(bytes);
            } catch (IllegalArgumentException e) {
                c = null; // not what the schema says: Avro's decoder gives the refusal
            }
            if (c != null) return c;
        }
        return of(decode(bytes), true);
    }

    /** True when the bytes are single-object encoded with the current schema: read in place. */
    static boolean current(byte[] b) {
        if (b.length < HEADER || b[0] != (byte) 0xC3 || b[1] != (byte) 0x01) return false;
        long fp = 0;
        for (int i = 9; i >= 2; i--) fp = (fp << 8) | (b[i] & 0xffL);
        return fp == FINGERPRINT;
    }

    /** The current schema's fields in order (schemas/src/main/avro/current/AlertRecord.avsc). */
    private Candidate inPlace(byte[] b) throws Rejected {
        AvroCursor in = new AvroCursor(b, HEADER);
        String alertId = in.readString();
        String fingerprint = in.readString();
        int plantLength = in.stringLength(), plantAt = in.pos();
        in.skip(plantLength);
        String asset = in.readString();
        String assetType = in.readString();
        String kind = in.readString();
        String failureMode = !in.present() ? null : in.readString();
        int stateLength = in.stringLength(), stateAt = in.pos();
        in.skip(stateLength);
        int severity = in.readInt();
        long occurredAtMs = in.readLong();
        int factsAt = in.pos();
        int sheetLength = skipToSheet(in), sheetAt = in.pos();
        in.skip(sheetLength);

        if (!Arrays.equals(b, plantAt, plantAt + plantLength, plantBytes, 0, plantBytes.length)) {
            throw bad("plant", "is " + utf8(b, plantAt, plantLength) + ", this topic belongs to " + plant);
        }
        checkAsset(asset);
        if (fingerprint.isBlank()) throw bad("fingerprint", "is blank");
        if (severity < 1 || severity > 1000) throw bad("severity", severity + " is not 1-1000");
        Candidate.State state = state(utf8(b, stateAt, stateLength));
        Instant occurredAt = Instant.ofEpochMilli(occurredAtMs);
        Supplier<AlertFacts> facts;
        try {
            if (plainSheets == null || !plainSheets.accepts(b, sheetAt, sheetLength)) {
                FactSheets.check(b, sheetAt, sheetLength);
            }
            facts = new LazyFacts(b, factsAt, alertId, occurredAt);
        } catch (Rejected refused) {
            // the refusal's detail as the text parser words it (and a sheet only the byte parser refuses, e.g. one
            // with malformed UTF-8 that Avro's strings replace, is read as Avro would give it)
            AlertFacts read = facts(b, factsAt, alertId, occurredAt, FactSheets.read(utf8(b, sheetAt, sheetLength)));
            facts = () -> read;
        }
        return new Candidate(
                alertId, fingerprint, plant, asset, assetType, kind, failureMode, state, severity, occurredAt, facts);
    }

    /** From the remaining life to the fact sheet's length, the cursor left on the sheet's first byte. */
    private static int skipToSheet(AvroCursor in) {
        if (in.present()) {
            in.skip(4 * 8); // predicted, lower, upper, coverage
            in.skipString(); // unit
            in.skipString(); // calibration
        }
        if (in.present()) in.skipString(); // healthStage
        if (in.present()) in.skipString(); // baseModel
        if (in.present()) in.readLong(); // adapterVersion
        in.skipString(); // title
        in.skipString(); // text
        in.skipString(); // writer
        in.readBoolean(); // grounded
        in.readInt(); // writerAttempts
        for (long n = in.arrayBlock(); n != 0; n = in.arrayBlock()) { // groundingViolations
            for (long i = 0; i < n; i++) in.skipString();
        }
        for (long n = in.arrayBlock(); n != 0; n = in.arrayBlock()) { // citedLogs
            for (long i = 0; i < n; i++) in.skipString();
        }
        return in.stringLength();
    }

    /** The facts, read from where they start (the cursor already went over these bytes once, so they are well formed). */
    private static AlertFacts facts(byte[] b, int at, String alertId, Instant occurredAt, AlertFacts.Evidence evidence)
            throws Rejected {
        AvroCursor in = new AvroCursor(b, at);
        AlertFacts.RemainingLife life = null;
        if (in.present()) {
            life = new AlertFacts.RemainingLife(
                    in.readDouble(), in.readDouble(), in.readDouble(), in.readDouble(), in.readString());
            in.skipString(); // calibration: not part of the facts
        }
        String healthStage = !in.present() ? null : in.readString();
        String baseModel = !in.present() ? null : in.readString();
        Long adapterVersion = !in.present() ? null : in.readLong();
        String title = in.readString(), text = in.readString(), writer = in.readString();
        boolean grounded = in.readBoolean();
        in.readInt(); // writerAttempts
        for (long n = in.arrayBlock(); n != 0; n = in.arrayBlock()) {
            for (long i = 0; i < n; i++) in.skipString();
        }
        List<String> cited = new ArrayList<>();
        for (long n = in.arrayBlock(); n != 0; n = in.arrayBlock()) {
            for (long i = 0; i < n; i++) cited.add(in.readString());
        }
        if (evidence == null) {
            int length = in.stringLength();
            evidence = FactSheets.read(b, in.pos(), length);
        }
        return new AlertFacts(
                alertId,
                occurredAt,
                title,
                text,
                life,
                healthStage,
                evidence,
                cited,
                baseModel,
                adapterVersion,
                writer,
                grounded);
    }

    /**
     * The facts of a candidate whose sheet passed the check, built on first use. The check walked the sheet exactly
     * as the read does, so the read does not refuse it; were it to, the lifecycle gets {@link Rejected.Late} and the
     * candidate goes to the dead-letter topic before anything is written.
     */
    private static final class LazyFacts implements Supplier<AlertFacts> {
        private final byte[] bytes;
        private final int at;
        private final String alertId;
        private final Instant occurredAt;
        private AlertFacts facts;

        LazyFacts(byte[] bytes, int at, String alertId, Instant occurredAt) {
            this.bytes = bytes;
            this.at = at;
            this.alertId = alertId;
            this.occurredAt = occurredAt;
        }

        @Override
        public AlertFacts get() {
            if (facts == null) {
                try {
                    facts = facts(bytes, at, alertId, occurredAt, null);
                } catch (Rejected why) {
                    throw new Rejected.Late(why);
                }
            }
            return facts;
        }
    }

    private void checkAsset(String asset) throws Rejected {
        if (validAssets.contains(asset)) return;
        if (!Ids.isValid(asset)) throw bad("asset", "'" + asset + "' is not a valid asset id");
        if (validAssets.size() >= ASSETS_KEPT) validAssets.clear();
        validAssets.add(asset);
    }

    private static Candidate.State state(String text) throws Rejected {
        try {
            return Candidate.State.valueOf(text);
        } catch (IllegalArgumentException e) {
            throw bad("state", "'" + text + "' is not RAISED, UPDATED or CLEARED");
        }
    }

    private static String utf8(byte[] b, int at, int length) {
        return new String(b, at, length, StandardCharsets.UTF_8);
    }

    private AlertRecord decode(byte[] bytes) throws Rejected {
        AlertRecord r;
        try {
            r = CODEC.decode(bytes);
        } catch (IllegalArgumentException e) {
            throw new Rejected(RejectReason.MALFORMED_CANDIDATE, e.getMessage());
        }
        return r;
    }

    Candidate of(AlertRecord r, boolean withFacts) throws Rejected {
        if (!plant.equals(r.getPlant())) {
            throw bad("plant", "is " + r.getPlant() + ", this topic belongs to " + plant);
        }
        checkAsset(r.getAsset());
        if (r.getFingerprint().isBlank()) throw bad("fingerprint", "is blank");
        if (r.getSeverity() < 1 || r.getSeverity() > 1000) throw bad("severity", r.getSeverity() + " is not 1-1000");
        Candidate.State state = state(r.getState());
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
                        FactSheets.read(r.getFactSheet()),
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

    private static Rejected bad(String field, String what) {
        return new Rejected(RejectReason.MALFORMED_CANDIDATE, field + " " + what);
    }
}

package io.pdm.inference.writer;

import io.pdm.inference.facts.FactNumbers;
import io.pdm.inference.facts.FactSheet;
import io.pdm.inference.facts.MaintenanceRecord;
import io.pdm.inference.facts.Measurement;
import io.pdm.inference.facts.RemainingLife;
import io.pdm.inference.facts.Units;
import io.pdm.model.text.AlertPrompt;
import io.pdm.model.text.MaintenanceCorpus;
import java.util.Comparator;
import java.util.Locale;
import java.util.Map;

/**
 * The compact prompt of the platform's own writer checkpoints ({@code pdm model train-writer}): only the facts an
 * alert text uses, one per line, in the style of {@link AlertPrompt}, ending with its cue. A byte-level model reads
 * and writes one byte per step, so every byte of prompt costs attention in training and in each decoding step; the
 * full {@code FactSheetText} (~1 kB) made training three times slower for facts the texts never cite (the sheet's
 * plant, time, reason, z-scores, similarities). Numbers are written as the fact sheet writes them
 * ({@link FactNumbers}), so a copied number always passes the grounding check, which still checks every text
 * against the whole sheet. Log texts are cut to {@value #LOG_CHARS} characters: they are context, never copied.
 */
public final class WriterPrompt {
    /** The prompt format a checkpoint's {@code pdm_writer.json} names. */
    public static final String FORMAT = "compact-v1";

    static final int LOG_CHARS = 40;
    static final int MEASUREMENTS = 3;

    private WriterPrompt() {}

    public static String render(FactSheet s) {
        return render(s, null);
    }

    /** With a rewrite, the fragments the check rejected are listed before the cue ({@code avoid: …}). */
    public static String render(FactSheet s, AlertWriter.Rewrite rewrite) {
        StringBuilder t = new StringBuilder();
        line(t, "asset: " + clean(s.asset()));
        line(t, "alert: " + kind(s) + ", severity " + s.severity());
        RemainingLife r = s.remainingLife();
        if (r != null) {
            line(
                    t,
                    "life: " + FactNumbers.format(r.predicted()) + " "
                            + r.unit().plural() + " ["
                            + FactNumbers.format(r.lower()) + ", " + FactNumbers.format(r.upper()) + "], stage "
                            + s.stage().name().toLowerCase(Locale.ROOT));
        } else {
            line(t, "life: no model");
        }
        s.failureModes().entrySet().stream()
                .max(Map.Entry.<String, Double>comparingByValue()
                        .thenComparing(Map.Entry.comparingByKey(Comparator.reverseOrder())))
                .ifPresent(e -> line(t, "mode: " + clean(e.getKey()) + " " + FactNumbers.format(e.getValue())));
        s.measurements().stream().limit(MEASUREMENTS).forEach(m -> line(t, "m: " + measurement(m)));
        line(t, "act by: " + s.actBy());
        if (s.lastMaintenance() != null) {
            line(t, "last: " + log(s.lastMaintenance()));
        }
        s.similarLogs().forEach(l -> line(t, "log: " + log(l)));
        if (rewrite != null && !rewrite.violations().isEmpty()) {
            StringBuilder avoid = new StringBuilder("avoid:");
            rewrite.violations().forEach(v -> avoid.append(' ').append(clean(v.fragment())));
            line(t, avoid.toString());
        }
        return t.append(AlertPrompt.CUE).toString();
    }

    static String kind(FactSheet s) {
        return s.kind().name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    private static String measurement(Measurement m) {
        StringBuilder l =
                new StringBuilder(clean(m.channel()) + " " + FactNumbers.format(m.value()) + Units.shown(m.unit()));
        if (m.zone() != null) {
            l.append(", zone ").append(m.zone()).append(" of ").append(clean(m.standard()));
        }
        if (Double.isFinite(m.baseline())) {
            l.append(", baseline ").append(FactNumbers.format(m.baseline())).append(Units.shown(m.unit()));
        }
        if (Double.isFinite(m.slopePerHour())) {
            l.append(", trend ")
                    .append(FactNumbers.signed(m.slopePerHour()))
                    .append(Units.shown(m.unit()))
                    .append(" per hour");
        }
        return l.toString();
    }

    private static String log(MaintenanceRecord r) {
        String text = clean(r.text());
        if (text.length() > LOG_CHARS) {
            text = text.substring(0, LOG_CHARS);
        }
        return "[" + r.id() + "] " + r.date() + " " + clean(r.action()) + ": " + text;
    }

    private static String clean(String text) {
        return text == null ? "" : MaintenanceCorpus.normalise(text);
    }

    private static void line(StringBuilder t, String line) {
        t.append(line).append('\n');
    }
}

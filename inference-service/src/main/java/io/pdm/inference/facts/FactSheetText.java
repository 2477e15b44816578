package io.pdm.inference.facts;

import io.pdm.model.text.AlertPrompt;
import io.pdm.model.text.MaintenanceCorpus;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The fact sheet as text, one fact per line ({@code key: value}) in the style of the model's
 * {@link AlertPrompt}: fixed order, {@link Locale#ROOT}, three significant digits, free text flattened to
 * one line. The same sheet always gives the same bytes. Log lines start with the id in brackets, which is
 * also how a text must cite them.
 */
public final class FactSheetText {
    private FactSheetText() {}

    public static String render(FactSheet s) {
        StringBuilder t = new StringBuilder();
        line(t, "plant: " + clean(s.plant()));
        line(t, "asset: " + clean(s.asset()));
        line(t, "asset type: " + clean(s.assetType()));
        line(t, "time: " + s.time());
        line(
                t,
                "alert: " + s.kind().name().toLowerCase(Locale.ROOT).replace('_', ' ') + ", severity " + s.severity()
                        + " of 1000, failure mode " + clean(s.failureMode()));
        line(t, "reason: " + clean(s.reason()));
        for (Measurement m : s.measurements()) {
            StringBuilder l = new StringBuilder("measured " + clean(m.channel()) + ": " + FactNumbers.format(m.value())
                    + Units.shown(m.unit()) + " at " + m.time());
            if (m.zone() != null) {
                l.append(", zone ").append(m.zone()).append(" of ").append(clean(m.standard()));
                if (Double.isFinite(m.limit())) {
                    l.append(" (from ")
                            .append(FactNumbers.format(m.limit()))
                            .append(Units.shown(m.unit()))
                            .append(')');
                }
            }
            if (Double.isFinite(m.baseline())) {
                l.append(", baseline ").append(FactNumbers.format(m.baseline())).append(Units.shown(m.unit()));
            }
            if (Double.isFinite(m.z())) {
                l.append(", z ").append(FactNumbers.format(m.z()));
            }
            if (Double.isFinite(m.slopePerHour())) {
                l.append(", trend ")
                        .append(FactNumbers.signed(m.slopePerHour()))
                        .append(Units.shown(m.unit()))
                        .append(" per hour");
            }
            line(t, l.toString());
        }
        if (s.remainingLife() != null) {
            RemainingLife r = s.remainingLife();
            line(
                    t,
                    "remaining life: " + FactNumbers.format(r.predicted()) + " "
                            + r.unit().plural() + " [" + FactNumbers.format(r.lower()) + ", "
                            + FactNumbers.format(r.upper()) + "]");
            line(t, "stage: " + s.stage().name().toLowerCase(Locale.ROOT));
        } else {
            line(t, "remaining life: no model for this asset");
        }
        if (!s.failureModes().isEmpty()) {
            line(
                    t,
                    "failure modes: "
                            + s.failureModes().entrySet().stream()
                                    .sorted(Map.Entry.<String, Double>comparingByValue()
                                            .reversed())
                                    .map(e -> clean(e.getKey()) + " " + FactNumbers.format(e.getValue()))
                                    .collect(Collectors.joining(", ")));
        }
        line(t, "act by: " + s.actBy());
        if (s.lastMaintenance() == null) {
            line(t, "last maintenance: none known");
        } else {
            line(t, "last maintenance " + log(s.lastMaintenance()));
        }
        if (s.similarLogs().isEmpty()) {
            line(t, "similar past logs: none");
        }
        for (MaintenanceRecord r : s.similarLogs()) {
            line(t, "similar " + log(r) + " (similarity " + FactNumbers.format(r.similarity()) + ")");
        }
        return t.toString();
    }

    private static String log(MaintenanceRecord r) {
        return "[" + r.id() + "] " + r.date() + " " + clean(r.action())
                + (r.component() == null ? "" : " " + clean(r.component())) + ": " + clean(r.text());
    }

    private static String clean(String text) {
        return MaintenanceCorpus.normalise(text);
    }

    private static void line(StringBuilder t, String line) {
        t.append(line).append('\n');
    }
}

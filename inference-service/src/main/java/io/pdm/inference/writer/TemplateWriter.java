package io.pdm.inference.writer;

import io.pdm.inference.facts.FactNumbers;
import io.pdm.inference.facts.FactSheet;
import io.pdm.inference.facts.MaintenanceRecord;
import io.pdm.inference.facts.Measurement;
import io.pdm.inference.facts.RemainingLife;
import io.pdm.inference.facts.Units;
import java.util.Locale;
import java.util.Map;

/**
 * The deterministic writer: fixed sentences filled from the fact sheet, with numbers written exactly as the
 * sheet writes them, so its text always passes the grounding check. The fallback of every other writer,
 * and the default where no language model is configured.
 */
public final class TemplateWriter implements AlertWriter {
    public static final String ID = "template";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String write(FactSheet s, Rewrite rewrite) {
        StringBuilder t = new StringBuilder();
        t.append(s.asset())
                .append(" (")
                .append(s.assetType())
                .append("): ")
                .append(what(s))
                .append(". ");
        t.append(howSure(s)).append(' ');
        t.append(todo(s)).append(" by ").append(s.actBy()).append('.');
        if (s.lastMaintenance() != null) {
            MaintenanceRecord m = s.lastMaintenance();
            t.append(" Last maintenance: ")
                    .append(m.action())
                    .append(" on ")
                    .append(m.date())
                    .append(" [")
                    .append(m.id())
                    .append("].");
        }
        if (!s.similarLogs().isEmpty()) {
            t.append(" Similar past work:");
            String sep = " ";
            for (MaintenanceRecord r : s.similarLogs()) {
                t.append(sep)
                        .append('[')
                        .append(r.id())
                        .append("] ")
                        .append(r.action())
                        .append(" on ")
                        .append(r.date());
                sep = "; ";
            }
            t.append('.');
        }
        return t.toString();
    }

    private static String what(FactSheet s) {
        StringBuilder t = new StringBuilder();
        switch (s.kind()) {
            case REMAINING_LIFE_LOW, HEALTH_STAGE -> {
                RemainingLife r = s.remainingLife();
                t.append("remaining life ")
                        .append(FactNumbers.format(r.predicted()))
                        .append(' ')
                        .append(r.unit().plural())
                        .append(" (between ")
                        .append(FactNumbers.format(r.lower()))
                        .append(" and ")
                        .append(FactNumbers.format(r.upper()))
                        .append(' ')
                        .append(r.unit().plural())
                        .append("), stage ")
                        .append(s.stage().name().toLowerCase(Locale.ROOT));
            }
            case CONDITION_LIMIT, CONDITION_CHANGE -> t.append("condition alarm");
        }
        for (Measurement m : s.measurements()) {
            t.append("; ")
                    .append(m.channel())
                    .append(" at ")
                    .append(FactNumbers.format(m.value()))
                    .append(Units.shown(m.unit()));
            if (m.zone() != null) {
                t.append(", zone ").append(m.zone()).append(" of ").append(m.standard());
            }
            if (Double.isFinite(m.baseline())) {
                t.append(", baseline ").append(FactNumbers.format(m.baseline())).append(Units.shown(m.unit()));
            }
            if (Double.isFinite(m.slopePerHour())) {
                t.append(", trend ")
                        .append(FactNumbers.signed(m.slopePerHour()))
                        .append(Units.shown(m.unit()))
                        .append(" per hour");
            }
        }
        return t.toString();
    }

    private static String howSure(FactSheet s) {
        if (s.remainingLife() == null) {
            return "Measured on the asset, not predicted (no remaining-life model for it).";
        }
        return s.failureModes().entrySet().stream()
                .max(Map.Entry.comparingByValue())
                .map(e -> "Likeliest failure mode: " + e.getKey() + " (probability " + FactNumbers.format(e.getValue())
                        + ").")
                .orElse("Predicted by the remaining-life model; no failure mode given.");
    }

    private static String todo(FactSheet s) {
        if (s.severity() >= 800) {
            return "Inspect " + s.asset() + " and prepare to take it out of service";
        }
        if (s.severity() >= 600) {
            return "Schedule an inspection of " + s.asset();
        }
        return "Plan an inspection of " + s.asset();
    }
}

package io.pdm.inference.writer;

import io.pdm.inference.facts.FactNumbers;
import io.pdm.inference.facts.FactSheet;
import io.pdm.inference.facts.MaintenanceRecord;
import io.pdm.inference.facts.Measurement;
import io.pdm.inference.facts.RemainingLife;
import io.pdm.inference.facts.Units;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The teacher of the platform's own writer: no human-written alert texts exist, so {@code pdm model train-writer}
 * trains on texts this generator writes from real fact sheets. Each text has up to five sentences, each drawn
 * from two to four phrasings: what is wrong (remaining life and interval, or the measured value against its zone
 * or baseline), one more measurement (sometimes), how sure (the likeliest failure mode and its probability, or
 * that it is measured rather than predicted), what to do and by when (by severity band, with the act-by date),
 * and the logs it draws on, cited as {@code [id]}. Every number, unit, date and id is copied from the sheet as
 * the sheet writes it, so every text passes {@link GroundingCheck} ({@code TargetTextsTest}).
 *
 * <p>A model distilled from it can at best say what these phrasings say: it does not reason about the logs'
 * content, never explains a cause beyond the sheet's failure mode, and writes nothing a phrasing lacks.
 */
public final class TargetTexts {
    private TargetTexts() {}

    /** One text for the sheet; the same sheet and seed give the same text. */
    public static String write(FactSheet s, long seed) {
        // SplittableRandom: java.util.Random's first draws barely differ for neighbouring seeds (all phrasings alike)
        SplittableRandom r = new SplittableRandom(seed);
        List<String> sentences = new ArrayList<>();
        sentences.add(s.remainingLife() != null ? lifeOpening(s, r) : conditionOpening(s, r));
        if (s.remainingLife() != null && !s.measurements().isEmpty() && r.nextBoolean()) {
            sentences.add(evidence(s.measurements().get(0), r));
        }
        sentences.add(howSure(s, r));
        sentences.add(todo(s, r));
        String logs = logs(s, r);
        if (!logs.isEmpty()) {
            sentences.add(logs);
        }
        return String.join(" ", sentences);
    }

    private static String lifeOpening(FactSheet s, SplittableRandom r) {
        RemainingLife l = s.remainingLife();
        String unit = l.unit().plural();
        String p = FactNumbers.format(l.predicted());
        String lo = FactNumbers.format(l.lower());
        String hi = FactNumbers.format(l.upper());
        String stage = s.stage().name().toLowerCase(Locale.ROOT);
        return switch (r.nextInt(4)) {
            case 0 ->
                s.asset() + ": remaining life " + p + " " + unit + " (" + lo + " to " + hi + " " + unit + "), stage "
                        + stage + ".";
            case 1 ->
                s.asset() + " is " + stage + " with about " + p + " " + unit + " of life left (between " + lo + " and "
                        + hi + " " + unit + ").";
            case 2 ->
                "Remaining life of " + s.asset() + " is down to " + p + " " + unit + ", likely between " + lo + " and "
                        + hi + " " + unit + "; stage " + stage + ".";
            default ->
                s.asset() + " has an estimated " + p + " " + unit + " left (" + lo + " to " + hi + " " + unit
                        + ") and is " + stage + ".";
        };
    }

    private static String conditionOpening(FactSheet s, SplittableRandom r) {
        if (s.measurements().isEmpty()) {
            return s.asset() + ": condition alarm.";
        }
        Measurement m = s.measurements().get(0);
        String v = FactNumbers.format(m.value()) + Units.shown(m.unit());
        String context = "";
        if (m.zone() != null) {
            context = ", zone " + m.zone() + " of " + m.standard();
        } else if (Double.isFinite(m.baseline())) {
            context = r.nextBoolean()
                    ? ", baseline " + FactNumbers.format(m.baseline()) + Units.shown(m.unit())
                    : " against its baseline of " + FactNumbers.format(m.baseline()) + Units.shown(m.unit());
        }
        return switch (r.nextInt(3)) {
            case 0 -> s.asset() + ": " + m.channel() + " at " + v + context + ".";
            case 1 -> m.channel() + " on " + s.asset() + " reads " + v + context + ".";
            default -> "Condition alarm on " + s.asset() + ": " + m.channel() + " is " + v + context + ".";
        };
    }

    private static String evidence(Measurement m, SplittableRandom r) {
        String v = FactNumbers.format(m.value()) + Units.shown(m.unit());
        return switch (r.nextInt(3)) {
            case 0 -> m.channel() + " is at " + v + ".";
            case 1 -> "It reads " + m.channel() + " " + v + ".";
            default ->
                Double.isFinite(m.slopePerHour())
                        ? m.channel() + " is " + v + ", trend " + FactNumbers.signed(m.slopePerHour())
                                + Units.shown(m.unit()) + " per hour."
                        : m.channel() + " is at " + v + ".";
        };
    }

    private static String howSure(FactSheet s, SplittableRandom r) {
        if (s.remainingLife() == null) {
            return switch (r.nextInt(3)) {
                case 0 -> "Measured on the asset, not predicted.";
                case 1 -> "This is a measurement, not a forecast.";
                default -> "No remaining-life model covers it; the alarm is measured.";
            };
        }
        Map.Entry<String, Double> mode = s.failureModes().entrySet().stream()
                .max(Map.Entry.comparingByValue())
                .orElse(null);
        if (mode == null) {
            return switch (r.nextInt(3)) {
                case 0 -> "Predicted by the remaining-life model.";
                case 1 -> "This is the remaining-life model's estimate.";
                default -> "The estimate comes from the remaining-life model.";
            };
        }
        String p = FactNumbers.format(mode.getValue());
        return switch (r.nextInt(3)) {
            case 0 -> "Likeliest failure mode: " + mode.getKey() + " (probability " + p + ").";
            case 1 -> "Most likely cause: " + mode.getKey() + ", probability " + p + ".";
            default -> "The model points to " + mode.getKey() + " (probability " + p + ").";
        };
    }

    private static String todo(FactSheet s, SplittableRandom r) {
        String a = s.asset();
        String by = s.actBy().toString();
        if (s.severity() >= 800) {
            return switch (r.nextInt(3)) {
                case 0 -> "Inspect " + a + " and prepare to take it out of service by " + by + ".";
                case 1 -> "Take " + a + " out of service for inspection by " + by + ".";
                default -> "Stop and inspect " + a + " by " + by + ".";
            };
        }
        if (s.severity() >= 600) {
            return switch (r.nextInt(3)) {
                case 0 -> "Schedule an inspection of " + a + " by " + by + ".";
                case 1 -> "Book an inspection of " + a + " before " + by + ".";
                default -> "Inspect " + a + " by " + by + ".";
            };
        }
        return switch (r.nextInt(3)) {
            case 0 -> "Plan an inspection of " + a + " by " + by + ".";
            case 1 -> "Check " + a + " at the next stop, by " + by + ".";
            default -> "Look at " + a + " by " + by + ".";
        };
    }

    private static String logs(FactSheet s, SplittableRandom r) {
        List<String> parts = new ArrayList<>();
        if (s.lastMaintenance() != null && r.nextInt(3) > 0) {
            MaintenanceRecord m = s.lastMaintenance();
            parts.add(
                    r.nextBoolean()
                            ? "Last maintenance: " + m.action() + " on " + m.date() + " [" + m.id() + "]."
                            : "It was last serviced on " + m.date() + " [" + m.id() + "].");
        }
        List<MaintenanceRecord> similar = s.similarLogs();
        if (!similar.isEmpty()) {
            MaintenanceRecord first = similar.get(0);
            switch (r.nextInt(3)) {
                case 0 -> {
                    StringBuilder t = new StringBuilder("Similar past work:");
                    String sep = " ";
                    for (MaintenanceRecord l : similar) {
                        t.append(sep)
                                .append('[')
                                .append(l.id())
                                .append("] ")
                                .append(l.action())
                                .append(" on ")
                                .append(l.date());
                        sep = "; ";
                    }
                    parts.add(t.append('.').toString());
                }
                case 1 -> parts.add("See [" + first.id() + "], " + first.action() + " on " + first.date() + ".");
                default -> {
                    StringBuilder t = new StringBuilder("Compare");
                    for (int i = 0; i < similar.size(); i++) {
                        t.append(i == 0 ? " " : i == similar.size() - 1 ? " and " : ", ")
                                .append('[')
                                .append(similar.get(i).id())
                                .append(']');
                    }
                    parts.add(t.append('.').toString());
                }
            }
        }
        return String.join(" ", parts);
    }
}

package io.pdm.inference.writer;

import io.pdm.inference.facts.FactNumbers;
import io.pdm.inference.facts.FactSheet;
import io.pdm.inference.facts.MaintenanceRecord;
import io.pdm.inference.facts.Measurement;
import io.pdm.inference.facts.RemainingLife;
import io.pdm.inference.facts.Units;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The slot tokens of a delexicalised alert text and the deterministic renderer that fills them: each slot stands for
 * one fact of the sheet ({@code <rul>}, {@code <m2_trend>}, {@code <log1>}…) and renders as the sheet's own string
 * for
 * it, written as every other writer writes it ({@link FactNumbers}, {@link Units#shown}). So a text rendered from
 * slots cannot invent or miscopy a value; it can only name a fact the sheet lacks (the sheet has no second log), which
 * is a {@link Violation.Kind#SLOT} violation, and then the draft is rejected. A measurement's value carries its unit
 * ({@code <m1_value>} renders "4.83 mm/s", or "9.34" for a dimensionless channel), so a text never reads "9.34 1".
 */
public final class Slots {
    static final int MEASUREMENTS = 3;
    static final int LOGS = 3;
    /** Tokens written without a space before them. */
    private static final Set<String> CLOSING = Set.of(".", ",", ";", ":", ")");

    private static final String[] MEASUREMENT_FIELDS = {"name", "value", "trend", "base", "zone", "std"};
    private static final String[] LOG_FIELDS = {"", "_date", "_action"};

    /** Every slot token, in a fixed order (the vocabulary's). */
    public static final List<String> NAMES = names();

    private Slots() {}

    /** A rendered draft: its text, and the slots of the draft that the sheet has no value for (none = complete). */
    public record Rendered(String text, List<Violation> missing) {
        public Rendered {
            Objects.requireNonNull(text, "text");
            missing = List.copyOf(missing);
        }
    }

    static boolean isSlot(String token) {
        return token.length() > 2 && token.startsWith("<") && token.endsWith(">");
    }

    /** The sheet's value for every slot it has; a slot that is absent has no entry. */
    public static Map<String, String> values(FactSheet s) {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("<asset>", s.asset());
        v.put("<type>", s.assetType());
        v.put("<act_by>", s.actBy().toString());
        RemainingLife r = s.remainingLife();
        if (r != null) {
            v.put("<rul>", FactNumbers.format(r.predicted()));
            v.put("<rul_lo>", FactNumbers.format(r.lower()));
            v.put("<rul_hi>", FactNumbers.format(r.upper()));
            v.put("<life_unit>", r.unit().plural());
            v.put("<stage>", s.stage().name().toLowerCase(Locale.ROOT));
        }
        likeliestMode(s).ifPresent(e -> {
            v.put("<mode>", e.getKey());
            v.put("<mode_p>", FactNumbers.format(e.getValue()));
        });
        for (int i = 0; i < Math.min(MEASUREMENTS, s.measurements().size()); i++) {
            Measurement m = s.measurements().get(i);
            String p = "<m" + (i + 1) + "_";
            String unit = Units.shown(m.unit());
            v.put(p + "name>", m.channel());
            v.put(p + "value>", FactNumbers.format(m.value()) + unit);
            if (Double.isFinite(m.slopePerHour())) {
                v.put(p + "trend>", FactNumbers.signed(m.slopePerHour()) + unit);
            }
            if (Double.isFinite(m.baseline())) {
                v.put(p + "base>", FactNumbers.format(m.baseline()) + unit);
            }
            if (m.zone() != null) {
                v.put(p + "zone>", m.zone());
            }
            if (m.standard() != null) {
                v.put(p + "std>", m.standard());
            }
        }
        if (s.lastMaintenance() != null) {
            log(v, "<last", s.lastMaintenance());
        }
        for (int i = 0; i < Math.min(LOGS, s.similarLogs().size()); i++) {
            log(v, "<log" + (i + 1), s.similarLogs().get(i));
        }
        return v;
    }

    /**
     * Renders a slot sequence: words as they are, slots as the sheet's values, spaced as prose (no space before
     * {@code . , ; : )} or after {@code (}). A slot the sheet lacks, or a token that is no word of a text (a prompt or
     * special token), renders as nothing and is reported.
     */
    public static Rendered render(List<String> tokens, FactSheet s) {
        Map<String, String> values = values(s);
        List<Violation> missing = new ArrayList<>();
        StringBuilder t = new StringBuilder();
        String previous = null;
        for (String token : tokens) {
            String text;
            if (isSlot(token)) {
                text = values.get(token);
                if (text == null) {
                    missing.add(new Violation(
                            Violation.Kind.SLOT,
                            token,
                            NAMES.contains(token)
                                    ? "the fact sheet has no value for this slot"
                                    : "not a word of a text"));
                    continue;
                }
            } else if (token.startsWith(SlotPrompt.PREFIX)) {
                missing.add(new Violation(Violation.Kind.SLOT, token, "a prompt token, not a word of a text"));
                continue;
            } else {
                text = token;
            }
            if (previous != null && !CLOSING.contains(token) && !previous.equals("(")) {
                t.append(' ');
            }
            t.append(text);
            previous = token;
        }
        return new Rendered(t.toString(), missing);
    }

    /** The likeliest failure mode; ties go to the name first in alphabetical order, so it never depends on a map. */
    static Optional<Map.Entry<String, Double>> likeliestMode(FactSheet s) {
        return s.failureModes().entrySet().stream()
                .max(Map.Entry.<String, Double>comparingByValue()
                        .thenComparing(Map.Entry.comparingByKey(Comparator.reverseOrder())));
    }

    private static void log(Map<String, String> v, String prefix, MaintenanceRecord r) {
        v.put(prefix + ">", "[" + r.id() + "]");
        v.put(prefix + "_date>", r.date().toString());
        v.put(prefix + "_action>", r.action());
    }

    private static List<String> names() {
        List<String> n = new ArrayList<>(List.of(
                "<asset>",
                "<type>",
                "<act_by>",
                "<rul>",
                "<rul_lo>",
                "<rul_hi>",
                "<life_unit>",
                "<stage>",
                "<mode>",
                "<mode_p>"));
        for (int i = 1; i <= MEASUREMENTS; i++) {
            for (String f : MEASUREMENT_FIELDS) {
                n.add("<m" + i + "_" + f + ">");
            }
        }
        for (String f : LOG_FIELDS) {
            n.add("<last" + f + ">");
        }
        for (int i = 1; i <= LOGS; i++) {
            for (String f : LOG_FIELDS) {
                n.add("<log" + i + f + ">");
            }
        }
        return List.copyOf(n);
    }
}

package io.pdm.inference.writer;

import io.pdm.inference.facts.FactSheet;
import io.pdm.inference.facts.Measurement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * The teacher of the platform's own writers: no human-written alert texts exist, so {@code pdm model train-writer}
 * trains on texts this generator writes from real fact sheets. Each text has up to six sentences, each drawn from two
 * to four phrasings: what is wrong (remaining life and interval, or the measured value against its zone or baseline),
 * one or two more measurements (sometimes), how sure (the likeliest failure mode and its probability, or that it is
 * measured rather than predicted; how wide the interval is), what to do and by when (by severity band, with the act-by
 * date), and the logs it draws on, cited as {@code [id]}.
 *
 * <p>It writes <em>slot sequences</em> ({@link #slots}): words, punctuation and {@link Slots slot tokens} such as
 * {@code <rul>} or {@code <log1>}, never a value; {@link Slots#render} fills the slots from the sheet. The slot writer
 * is trained on these sequences (delexicalised data-to-text), the byte-level writer on their rendered text
 * ({@link #write}). Every rendered text passes {@link GroundingCheck} ({@code TargetTextsTest}): the values are the
 * sheet's own strings. The choices depend only on the sheet's structure ({@link SlotPrompt}) and the seed.
 *
 * <p>A model distilled from it can at best say what these phrasings say: it does not reason about the logs' content,
 * never explains a cause beyond the sheet's failure mode, and writes nothing a phrasing lacks.
 */
public final class TargetTexts {
    static final String[] LIFE_OPENINGS = {
        "<asset> : remaining life <rul> <life_unit> ( <rul_lo> to <rul_hi> <life_unit> ) , stage <stage> .",
        "<asset> is <stage> with about <rul> <life_unit> of life left ( between <rul_lo> and <rul_hi> <life_unit> ) .",
        "Remaining life of <asset> is down to <rul> <life_unit> , likely between <rul_lo> and <rul_hi> <life_unit> ;"
                + " stage <stage> .",
        "<asset> has an estimated <rul> <life_unit> left ( <rul_lo> to <rul_hi> <life_unit> ) and is <stage> ."
    };
    /** {ctx}: what the first measurement is compared with, one of {@link #CONTEXTS}. */
    static final String[] CONDITION_OPENINGS = {
        "<asset> : <m1_name> at <m1_value>{ctx} .",
        "<m1_name> on <asset> reads <m1_value>{ctx} .",
        "Condition alarm on <asset> : <m1_name> is <m1_value>{ctx} ."
    };

    static final String NO_MEASUREMENT = "<asset> : condition alarm .";
    static final String[] CONTEXTS = {
        " , zone <m1_zone> of <m1_std>",
        " , baseline <m1_base>",
        " against its baseline of <m1_base>",
        "",
        " , zone <m1_zone>"
    };
    static final String[] EVIDENCE = {"<m1_name> is at <m1_value> .", "It reads <m1_name> <m1_value> ."};
    static final String EVIDENCE_TREND = "<m1_name> is <m1_value> , trend <m1_trend> per hour .";
    static final String[] SECOND = {"<m2_name> reads <m2_value> .", "Also , <m2_name> is at <m2_value> ."};
    static final String SECOND_TREND = "<m2_name> reads <m2_value> , trend <m2_trend> per hour .";
    static final String[] MEASURED = {
        "Measured on the asset , not predicted .",
        "This is a measurement , not a forecast .",
        "No remaining-life model covers it ; the alarm is measured ."
    };
    static final String[] MODEL_ONLY = {
        "Predicted by the remaining-life model .",
        "This is the remaining-life model's estimate .",
        "The estimate comes from the remaining-life model ."
    };
    static final String[] MODE = {
        "Likeliest failure mode : <mode> ( probability <mode_p> ) .",
        "Most likely cause : <mode> , probability <mode_p> .",
        "The model points to <mode> ( probability <mode_p> ) ."
    };
    static final String[] NARROW = {"The interval is narrow .", "The estimate is fairly tight ."};
    static final String[] MEDIUM = {"The interval is moderate .", "Expect some spread around the estimate ."};
    static final String[] WIDE = {
        "The interval is wide , so treat the estimate with care .", "The estimate is uncertain ( wide interval ) ."
    };
    static final String[] TODO_HIGH = {
        "Inspect <asset> and prepare to take it out of service by <act_by> .",
        "Take <asset> out of service for inspection by <act_by> .",
        "Stop and inspect <asset> by <act_by> ."
    };
    static final String[] TODO_MID = {
        "Schedule an inspection of <asset> by <act_by> .",
        "Book an inspection of <asset> before <act_by> .",
        "Inspect <asset> by <act_by> ."
    };
    static final String[] TODO_LOW = {
        "Plan an inspection of <asset> by <act_by> .",
        "Check <asset> at the next stop , by <act_by> .",
        "Look at <asset> by <act_by> ."
    };
    static final String[] LAST = {
        "Last maintenance : <last_action> on <last_date> <last> .", "It was last serviced on <last_date> <last> ."
    };
    static final String SIMILAR = "Similar past work :";
    static final String SIMILAR_ITEM = "<log{i}> <log{i}_action> on <log{i}_date>";
    static final String SEE = "See <log1> , <log1_action> on <log1_date> .";
    static final String COMPARE = "Compare";

    private TargetTexts() {}

    /** One text for the sheet, rendered from {@link #slots}; the same sheet and seed give the same text. */
    public static String write(FactSheet s, long seed) {
        Slots.Rendered r = Slots.render(slots(s, seed), s);
        if (!r.missing().isEmpty()) {
            throw new IllegalStateException("the generator used a slot the sheet lacks: " + r.missing());
        }
        return r.text();
    }

    /** One text for the sheet as a slot sequence (words, punctuation, slot tokens); the seed picks the phrasings. */
    public static List<String> slots(FactSheet s, long seed) {
        // SplittableRandom: java.util.Random's first draws barely differ for neighbouring seeds (all phrasings alike)
        SplittableRandom r = new SplittableRandom(seed);
        boolean life = s.remainingLife() != null;
        List<String> out = new ArrayList<>();
        if (life) {
            add(out, pick(LIFE_OPENINGS, r));
        } else if (s.measurements().isEmpty()) {
            add(out, NO_MEASUREMENT);
        } else {
            add(
                    out,
                    pick(CONDITION_OPENINGS, r)
                            .replace("{ctx}", context(s.measurements().get(0), r)));
        }
        if (life && !s.measurements().isEmpty() && r.nextBoolean()) {
            boolean trend = Double.isFinite(s.measurements().get(0).slopePerHour());
            add(out, trend && r.nextInt(3) == 0 ? EVIDENCE_TREND : pick(EVIDENCE, r));
        }
        if (s.measurements().size() >= 2 && r.nextInt(3) == 0) {
            boolean trend = Double.isFinite(s.measurements().get(1).slopePerHour());
            add(out, trend && r.nextBoolean() ? SECOND_TREND : pick(SECOND, r));
        }
        if (!life) {
            add(out, pick(MEASURED, r));
        } else {
            add(out, s.failureModes().isEmpty() ? pick(MODEL_ONLY, r) : pick(MODE, r));
            if (r.nextInt(3) > 0) {
                add(out, pick(confidence(SlotPrompt.confidence(s)), r));
            }
        }
        add(out, pick(s.severity() >= 800 ? TODO_HIGH : s.severity() >= 600 ? TODO_MID : TODO_LOW, r));
        if (s.lastMaintenance() != null && r.nextInt(3) > 0) {
            add(out, pick(LAST, r));
        }
        int logs = Math.min(Slots.LOGS, s.similarLogs().size());
        if (logs > 0) {
            switch (r.nextInt(3)) {
                case 0 -> {
                    StringBuilder t = new StringBuilder(SIMILAR);
                    for (int i = 1; i <= logs; i++) {
                        t.append(i == 1 ? " " : " ; ").append(SIMILAR_ITEM.replace("{i}", Integer.toString(i)));
                    }
                    add(out, t.append(" .").toString());
                }
                case 1 -> add(out, SEE);
                default -> {
                    StringBuilder t = new StringBuilder(COMPARE);
                    for (int i = 1; i <= logs; i++) {
                        t.append(i == 1 ? " " : i == logs ? " and " : " , ")
                                .append("<log")
                                .append(i)
                                .append('>');
                    }
                    add(out, t.append(" .").toString());
                }
            }
        }
        return List.copyOf(out);
    }

    /** Every word and punctuation token the phrasings use (slot tokens excluded): the slot writer's vocabulary. */
    public static Set<String> words() {
        Set<String> words = new LinkedHashSet<>();
        Stream.of(
                        LIFE_OPENINGS,
                        CONDITION_OPENINGS,
                        new String[] {NO_MEASUREMENT, EVIDENCE_TREND, SECOND_TREND, SIMILAR, SEE, COMPARE, "and ; ."},
                        CONTEXTS,
                        EVIDENCE,
                        SECOND,
                        MEASURED,
                        MODEL_ONLY,
                        MODE,
                        NARROW,
                        MEDIUM,
                        WIDE,
                        TODO_HIGH,
                        TODO_MID,
                        TODO_LOW,
                        LAST)
                .flatMap(Arrays::stream)
                .flatMap(p -> Arrays.stream(p.replace("{ctx}", "").trim().split(" +")))
                .filter(t -> !t.isEmpty() && !Slots.isSlot(t))
                .forEach(words::add);
        return words;
    }

    private static String context(Measurement m, SplittableRandom r) {
        if (m.zone() != null) {
            return m.standard() != null ? CONTEXTS[0] : CONTEXTS[4];
        }
        if (Double.isFinite(m.baseline())) {
            return r.nextBoolean() ? CONTEXTS[1] : CONTEXTS[2];
        }
        return CONTEXTS[3];
    }

    private static String[] confidence(SlotPrompt.Confidence c) {
        return switch (c) {
            case NARROW -> NARROW;
            case MEDIUM -> MEDIUM;
            case WIDE, NONE -> WIDE;
        };
    }

    private static String pick(String[] phrasings, SplittableRandom r) {
        return phrasings[r.nextInt(phrasings.length)];
    }

    private static void add(List<String> out, String phrasing) {
        for (String t : phrasing.trim().split(" +")) {
            if (!t.isEmpty()) {
                out.add(t);
            }
        }
    }
}

package io.pdm.inference.writer;

import io.pdm.inference.facts.FactSheet;
import io.pdm.inference.facts.Measurement;
import io.pdm.inference.facts.RemainingLife;
import io.pdm.inference.policy.AlertKind;
import io.pdm.model.data.HealthStage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The slot writer's input: the fact sheet's <em>structure</em> as a fixed number of tokens, one per field (alert kind,
 * stage, severity band, failure mode known, measurements, the first one's context and trend, trends, last maintenance,
 * logs, confidence from the interval's width), never its values. What a text may say depends on these alone, so the
 * model learns which facts to state and how, and every value comes from {@link Slots#render}. The length is fixed
 * ({@link #LENGTH}), so the prompts of a batch of alerts line up without padding and decode together.
 */
public final class SlotPrompt {
    /** The prompt format a slot checkpoint's {@code pdm_writer.json} names. */
    public static final String FORMAT = "slots-v1";
    /** Every prompt token starts with it, so a prompt token is never taken for a word of a text. */
    static final String PREFIX = "@";
    /** Tokens per prompt. */
    public static final int LENGTH = 11;

    /** How wide the remaining-life interval is against the estimate: {@code (upper - lower) / predicted}. */
    public enum Confidence {
        NONE,
        NARROW,
        MEDIUM,
        WIDE
    }

    private SlotPrompt() {}

    public static List<String> tokens(FactSheet s) {
        List<Measurement> ms = s.measurements();
        int shown = Math.min(Slots.MEASUREMENTS, ms.size());
        int trends = 0;
        for (int i = 0; i < shown; i++) {
            if (Double.isFinite(ms.get(i).slopePerHour())) {
                trends++;
            }
        }
        Measurement first = ms.isEmpty() ? null : ms.get(0);
        List<String> t = new ArrayList<>(LENGTH);
        t.add(token("kind", s.kind().name()));
        t.add(token("stage", s.stage() == null ? "none" : s.stage().name()));
        t.add(token("severity", s.severity() >= 800 ? "high" : s.severity() >= 600 ? "mid" : "low"));
        t.add(token("mode", s.failureModes().isEmpty() ? "no" : "yes"));
        t.add(token("measurements", Integer.toString(shown)));
        t.add(token("first", first == null ? "none" : context(first)));
        t.add(token("first_trend", first != null && Double.isFinite(first.slopePerHour()) ? "yes" : "no"));
        t.add(token("trends", Integer.toString(trends)));
        t.add(token("last", s.lastMaintenance() == null ? "no" : "yes"));
        t.add(token(
                "logs", Integer.toString(Math.min(Slots.LOGS, s.similarLogs().size()))));
        t.add(token("confidence", confidence(s).name()));
        return List.copyOf(t);
    }

    /** Every token a prompt can hold, in a fixed order (the vocabulary's). */
    public static List<String> vocabulary() {
        List<String> v = new ArrayList<>();
        for (AlertKind k : AlertKind.values()) {
            v.add(token("kind", k.name()));
        }
        v.add(token("stage", "none"));
        for (HealthStage h : HealthStage.values()) {
            v.add(token("stage", h.name()));
        }
        for (String band : List.of("high", "mid", "low")) {
            v.add(token("severity", band));
        }
        for (String yesNo : List.of("no", "yes")) {
            v.add(token("mode", yesNo));
            v.add(token("first_trend", yesNo));
            v.add(token("last", yesNo));
        }
        for (int i = 0; i <= Slots.MEASUREMENTS; i++) {
            v.add(token("measurements", Integer.toString(i)));
            v.add(token("trends", Integer.toString(i)));
        }
        for (String c : List.of("none", "zone", "zone_only", "baseline", "plain")) {
            v.add(token("first", c));
        }
        for (int i = 0; i <= Slots.LOGS; i++) {
            v.add(token("logs", Integer.toString(i)));
        }
        for (Confidence c : Confidence.values()) {
            v.add(token("confidence", c.name()));
        }
        return List.copyOf(v);
    }

    /**
     * NARROW below 0.5, MEDIUM below 1, WIDE from 1 (the interval as wide as the estimate, or the estimate 0); NONE
     * without a remaining-life estimate.
     */
    static Confidence confidence(FactSheet s) {
        RemainingLife r = s.remainingLife();
        if (r == null) {
            return Confidence.NONE;
        }
        double width = r.upper() - r.lower();
        if (r.predicted() <= 0) {
            return Confidence.WIDE;
        }
        double relative = width / r.predicted();
        return relative < 0.5 ? Confidence.NARROW : relative < 1 ? Confidence.MEDIUM : Confidence.WIDE;
    }

    private static String context(Measurement m) {
        if (m.zone() != null) {
            return m.standard() != null ? "zone" : "zone_only";
        }
        return Double.isFinite(m.baseline()) ? "baseline" : "plain";
    }

    private static String token(String field, String value) {
        return PREFIX + field + "=" + value.toLowerCase(Locale.ROOT);
    }
}

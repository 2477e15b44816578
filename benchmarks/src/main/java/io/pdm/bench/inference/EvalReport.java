package io.pdm.bench.inference;

import io.pdm.inference.writer.WrittenAlert;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The evaluation as a Markdown section: one row per source, the writers' texts, ten alerts side by side. */
public final class EvalReport {
    private EvalReport() {}

    public static String markdown(AlertEvaluation.Outcome o, String command) {
        StringBuilder b = new StringBuilder();
        b.append("### Alert evaluation\n\n");
        b.append("Command: `").append(command).append("`\n\n");
        b.append(
                "| source | base (chosen on) | lives | steps | failures reached | alerted | missed (no room) | lead median"
                        + " (min) | lead % of life median (min) | lead ≥ 10 % | alerted before reach | false alerts:"
                        + " remaining life/stage, condition | healthy running | false / 1,000 healthy | 95 % upper bound (resolution) | coverage (nominal) |"
                        + " coverage, truth ≤ cap | s |\n");
        b.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (SourceResult r : o.sources()) {
            b.append(String.format(
                    Locale.ROOT,
                    "| %s | %s | %d | %d | %d | %d | %d (%d) | %s (%s) %s | %s (%s) | %d/%d | %d | %d, %d (%d) | %s %s | %s"
                            + " (%s) | %s (%s) | %s (%s) | %s | %.0f |%n",
                    r.name(),
                    r.baseFrom(),
                    r.lives(),
                    r.steps(),
                    r.reached(),
                    r.alerted(),
                    r.missed(),
                    r.missedNoRoom(),
                    num(SourceResult.quantile(r.leads(), 0.5)),
                    num(SourceResult.quantile(r.leads(), 0)),
                    r.unit(),
                    pct(SourceResult.quantile(r.leadShares(), 0.5)),
                    pct(SourceResult.quantile(r.leadShares(), 0)),
                    r.leadAtLeast(0.10),
                    r.reached(),
                    r.notReachedButAlerted(),
                    r.falsePredictive(),
                    r.falseCondition(),
                    r.falseBeforeFull(),
                    num(r.healthyExposure()),
                    r.unit(),
                    num(r.falsePer1000()),
                    num(r.falsePredictivePer1000()),
                    num(r.falseUpperPer1000()),
                    num(r.resolutionPer1000()),
                    pct(r.coverage()),
                    pct(r.intervalLevel()),
                    pct(r.coverageBelowCap()),
                    r.seconds()));
        }
        b.append("\nFalse alerts / 1,000 healthy: all kinds (remaining life and stage alone in brackets), per 1,000"
                + " life units of healthy running (cycles for C-MAPSS, hours for pumps). Missed (no room): of the missed"
                + " failures, those whose observation stopped before the on-delay's steps below the warning, so that"
                + " not even a perfect estimate would have alerted. 95 % upper bound (resolution): the exact one-sided"
                + " Poisson bound of the false-alert rate, and in brackets the bound had no false alert occurred (the"
                + " smallest rate the row's healthy running can tell from zero; showing 1 per 1,000 with no false"
                + " alert needs "
                + num(RateBound.exposureToResolve(1, RateBound.CONFIDENCE))
                + " life units of healthy running).\n\n");
        b.append("| writer | delivered texts | grounded | numbers in texts | supported | template fallbacks |\n");
        b.append("|---|---|---|---|---|---|\n");
        for (Map.Entry<String, TextTally.Summary> e : o.writers().entrySet()) {
            TextTally.Summary s = e.getValue();
            b.append(String.format(
                    Locale.ROOT,
                    "| %s | %d | %d (%s) | %d | %d (%s) | %d |%n",
                    e.getKey(),
                    s.texts(),
                    s.grounded(),
                    pct(s.groundedShare()),
                    s.numbers(),
                    s.supported(),
                    pct(s.supportedShare()),
                    s.fallbacks()));
        }
        b.append(
                "\nPer writer, who wrote the delivered texts: the writer's own text on its first attempt, its text after"
                        + " the rewrite (the violations in the prompt), or the template in its place; the time to a delivered"
                        + " text; what the check found in rejected drafts.\n\n");
        b.append("| writer | texts | own text, first attempt | own text, after the rewrite | template instead |"
                + " time to text p50 / p99 | violations in rejected drafts |\n");
        b.append("|---|---|---|---|---|---|---|\n");
        for (Map.Entry<String, TextTally.Summary> e : o.writers().entrySet()) {
            TextTally.Summary s = e.getValue();
            double n = s.texts();
            b.append(String.format(
                    Locale.ROOT,
                    "| %s | %d | %d (%s) | %d (%s) | %d (%s) | %.0f / %.0f ms | %s |%n",
                    e.getKey(),
                    s.texts(),
                    s.firstWrite(),
                    pct(s.firstWrite() / n),
                    s.afterRewrite(),
                    pct(s.afterRewrite() / n),
                    s.fallbacks(),
                    pct(s.fallbacks() / n),
                    s.writeP50Ms(),
                    s.writeP99Ms(),
                    s.draftViolations().isEmpty() ? "none" : s.draftViolations().toString()));
        }
        b.append("\n#### Alerts side by side\n\n");
        int i = 1;
        for (AlertEvaluation.Sample s : o.samples()) {
            b.append(i++)
                    .append(". **")
                    .append(s.title())
                    .append("** (")
                    .append(s.source())
                    .append(", life ")
                    .append(s.lifeId())
                    .append(")\n");
            for (Map.Entry<String, WrittenAlert> w : s.byWriter().entrySet()) {
                WrittenAlert a = w.getValue();
                b.append("   - *")
                        .append(w.getKey())
                        .append("* (")
                        .append(a.writerId())
                        .append(a.grounded() ? ", grounded" : ", NOT grounded")
                        .append(a.fallback() == null ? "" : ", fallback: " + a.fallback())
                        .append("): ")
                        .append(a.text().replace("\n", " "))
                        .append('\n');
            }
        }
        return b.toString();
    }

    static String num(double v) {
        if (Double.isNaN(v)) return "–";
        return Math.abs(v) >= 100 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.2f", v);
    }

    static String pct(double v) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.1f %%", 100 * v);
    }

    /** Per life, for a reader who wants to check a row. */
    public static String perLife(List<SourceResult> results) {
        StringBuilder b = new StringBuilder(
                "| source | life | steps | length | reached (room) | alert step | lead | lead %"
                        + " | false (rl/stage, condition; before the window filled) | coverage |\n|---|---|---|---|---|---|---|---|---|---|\n");
        for (SourceResult r : results) {
            for (LifeMetrics.Result m : r.perLife()) {
                b.append(String.format(
                        Locale.ROOT,
                        "| %s | %s | %d | %s | %s | %s | %s | %s | %d, %d; %d | %s |%n",
                        r.name(),
                        m.lifeId(),
                        m.steps(),
                        num(m.lifeLength()),
                        m.reached() ? (m.room() ? "yes" : "yes (no room)") : "no",
                        m.alertStep() < 0 ? "–" : String.valueOf(m.alertStep() + 1),
                        num(m.lead()),
                        pct(m.leadShare()),
                        m.falsePredictive(),
                        m.falseCondition(),
                        m.falseBeforeFull(),
                        m.scoredWithTruth() == 0 ? "–" : pct((double) m.covered() / m.scoredWithTruth())));
            }
        }
        return b.toString();
    }
}

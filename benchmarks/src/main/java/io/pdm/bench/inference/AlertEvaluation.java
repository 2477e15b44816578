package io.pdm.bench.inference;

import io.pdm.inference.facts.FactSheet;
import io.pdm.inference.policy.PolicySettings;
import io.pdm.inference.writer.WrittenAlert;
import io.pdm.model.life.LifeProtocol;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * {@code pdm alerts eval}: replays each source's lives through the service's steps with the first writer, computes
 * {@link LifeMetrics} per life and sums them per source; every other writer then writes the very same fact sheets
 * (sheets do not depend on the writer), so the writers are compared on equal input. Ten raised alerts are kept with
 * every writer's text side by side.
 */
public final class AlertEvaluation {
    /** A writer chain under a label (its AlertTextPipeline, whose own writer id each text records). */
    public record Writer(String label, Function<FactSheet, WrittenAlert> texts) {}

    /**
     * @param maxTexts sheets each further writer writes (spread evenly over all alerts); the first writes every one
     * @param samples  alerts shown side by side
     * @param changeAlerts when a baseline change raises an alert of its own (the service's setting)
     */
    public record Options(int maxTexts, int samples, PolicySettings.ChangeAlerts changeAlerts) {
        public static Options defaults() {
            return new Options(200, 10, PolicySettings.DEFAULT.changeAlerts());
        }
    }

    /** One alert and each writer's text for it. */
    public record Sample(String source, String lifeId, String title, Map<String, WrittenAlert> byWriter) {}

    public record Outcome(List<SourceResult> sources, List<Sample> samples, Map<String, TextTally.Summary> writers) {}

    private AlertEvaluation() {}

    public static Outcome run(List<EvalSource> sources, List<Writer> writers, Options options, PrintStream log)
            throws IOException {
        if (writers.isEmpty()) throw new IllegalArgumentException("at least one writer is needed");
        Writer first = writers.get(0);
        List<SourceResult> results = new ArrayList<>();
        List<LifeReplay.Text> all = new ArrayList<>();
        List<String> allSources = new ArrayList<>();
        Map<String, TextTally> tallies = new LinkedHashMap<>();
        writers.forEach(w -> tallies.put(w.label(), new TextTally()));
        for (EvalSource source : sources) {
            long start = System.nanoTime();
            List<LifeReplay.Replayed> replayed = new LifeReplay(
                            "eval", source.type(), source.baseDir(), options.changeAlerts())
                    .replay(source.lives(), first.texts());
            TextTally own = new TextTally();
            for (LifeReplay.Replayed r : replayed) {
                for (LifeReplay.Text t : r.texts()) {
                    own.add(t.sheet(), t.written());
                    tallies.get(first.label()).add(t.sheet(), t.written());
                    all.add(t);
                    allSources.add(source.name());
                }
            }
            SourceResult result = summarise(source, replayed, Map.of(first.label(), own.summary()), start);
            results.add(result);
            log.printf(
                    Locale.ROOT,
                    "%s: %d lives, %d steps, %d/%d reached failures alerted, %d false alerts in %.1f healthy %s"
                            + " (%.3g per 1,000, 95 %% upper bound %.3g), %.0f s%n",
                    source.name(),
                    result.lives(),
                    result.steps(),
                    result.alerted(),
                    result.reached(),
                    result.falsePredictive() + result.falseCondition(),
                    result.healthyExposure(),
                    result.unit(),
                    result.falsePer1000(),
                    result.falseUpperPer1000(),
                    result.seconds());
        }
        for (Writer w : writers.subList(1, writers.size())) {
            int n = Math.min(options.maxTexts(), all.size());
            for (int i = 0; i < n; i++) {
                LifeReplay.Text t = all.get((int) ((long) i * all.size() / n));
                WrittenAlert written = w.texts().apply(t.sheet());
                tallies.get(w.label()).add(t.sheet(), written);
            }
            log.printf("writer %s: %d texts written from the same fact sheets%n", w.label(), n);
        }
        List<Sample> samples = samples(all, allSources, writers, options.samples());
        Map<String, TextTally.Summary> summaries = new LinkedHashMap<>();
        tallies.forEach((k, v) -> summaries.put(k, v.summary()));
        return new Outcome(results, samples, summaries);
    }

    static SourceResult summarise(
            EvalSource source, List<LifeReplay.Replayed> replayed, Map<String, TextTally.Summary> texts, long start)
            throws IOException {
        var type = source.type();
        double level = Double.NaN;
        double cap = Double.POSITIVE_INFINITY;
        int window = type.window();
        if (source.baseDir() != null) {
            LifeProtocol p = LifeProtocol.read(source.baseDir());
            cap = p.rulCap();
            window = p.window();
            if (p.interval() != null) level = p.interval().level();
        }
        LifeMetrics metrics = new LifeMetrics(
                type.thresholds().remainingLife().warning(),
                type.thresholds().healthStage().healthyAbove(),
                cap,
                type.lifePerStep(),
                type.thresholds().alertDelay().on(),
                window);
        List<LifeMetrics.Result> perLife = new ArrayList<>();
        List<Double> leads = new ArrayList<>(), shares = new ArrayList<>();
        int steps = 0, reached = 0, alerted = 0, missed = 0, noRoom = 0, early = 0, fp = 0, fc = 0, fbf = 0;
        int scored = 0, covered = 0, scoredBelow = 0, coveredBelow = 0;
        double exposure = 0;
        for (LifeReplay.Replayed r : replayed) {
            LifeMetrics.Result m = metrics.of(r.trace());
            perLife.add(m);
            steps += m.steps();
            if (m.reached()) {
                reached++;
                if (m.alerted()) {
                    alerted++;
                    leads.add(m.lead());
                    shares.add(m.leadShare());
                } else {
                    missed++;
                    if (!m.room()) noRoom++;
                }
            } else if (m.alerted()) {
                early++;
            }
            fp += m.falsePredictive();
            fc += m.falseCondition();
            fbf += m.falseBeforeFull();
            exposure += m.healthyExposure();
            scored += m.scoredWithTruth();
            covered += m.covered();
            scoredBelow += m.scoredBelowCap();
            coveredBelow += m.coveredBelowCap();
        }
        return new SourceResult(
                source.name(),
                type.id(),
                type.lifeUnit().name().toLowerCase(Locale.ROOT),
                source.baseFrom(),
                replayed.size(),
                steps,
                reached,
                alerted,
                missed,
                noRoom,
                early,
                leads,
                shares,
                fp,
                fc,
                fbf,
                exposure,
                scored,
                covered,
                scoredBelow,
                coveredBelow,
                level,
                texts,
                perLife,
                (System.nanoTime() - start) / 1e9);
    }

    /** Raised alerts spread over sources and kinds (round robin), each written by every writer. */
    static List<Sample> samples(List<LifeReplay.Text> all, List<String> sources, List<Writer> writers, int count) {
        Map<String, List<Integer>> groups = new LinkedHashMap<>();
        for (int i = 0; i < all.size(); i++) {
            LifeReplay.Text t = all.get(i);
            if (!"RAISED".equals(t.alert().getState())) continue;
            groups.computeIfAbsent(sources.get(i) + "|" + t.alert().getKind(), k -> new ArrayList<>())
                    .add(i);
        }
        List<Integer> picked = new ArrayList<>();
        for (int round = 0; picked.size() < count; round++) {
            boolean any = false;
            for (List<Integer> g : groups.values()) {
                // spread within a group too: the round-th of `count` evenly spaced members
                int stride = Math.max(1, g.size() / count);
                int at = round * stride;
                if (at < g.size() && picked.size() < count) {
                    picked.add(g.get(at));
                    any = true;
                }
            }
            if (!any) break;
        }
        List<Sample> out = new ArrayList<>();
        for (int i : picked) {
            LifeReplay.Text t = all.get(i);
            Map<String, WrittenAlert> byWriter = new LinkedHashMap<>();
            byWriter.put(writers.get(0).label(), t.written());
            for (Writer w : writers.subList(1, writers.size())) {
                byWriter.put(w.label(), w.texts().apply(t.sheet()));
            }
            out.add(new Sample(sources.get(i), t.lifeId(), t.alert().getTitle(), byWriter));
        }
        return out;
    }
}

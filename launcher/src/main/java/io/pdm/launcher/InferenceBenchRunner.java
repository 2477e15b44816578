package io.pdm.launcher;

import io.pdm.assets.AssetType;
import io.pdm.assets.AssetTypes;
import io.pdm.assets.lives.Life;
import io.pdm.bench.inference.EndToEndLatency;
import io.pdm.bench.inference.EnsembleThroughput;
import io.pdm.bench.inference.ScoringThroughput;
import io.pdm.devices.lives.PumpLives;
import io.pdm.embedded.EmbeddedKafka;
import io.pdm.embedded.LocalPostgres;
import io.pdm.inference.service.WriterSettings;
import io.pdm.inference.writer.AlertTextPipeline;
import io.pdm.launcher.model.PumpBaseModel;
import io.pdm.schemas.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code pdm bench inference}: the pump-set base (cached, {@link PumpBaseModel}) on simulated lives of seeds it was
 * not trained on; scoring throughput, then end-to-end latency on an embedded broker and PostgreSQL per writer.
 */
final class InferenceBenchRunner {
    private InferenceBenchRunner() {}

    /** Simulated pump lives of a seed the base was not pretrained on (11), 3 h each. */
    private static List<Life> lives(AssetType type, int pumps) throws java.io.IOException {
        PumpLives demo = PumpLives.demo(type);
        return new PumpLives(
                        type,
                        demo.fleet().withAssetsPerPlant(pumps),
                        List.of(11L),
                        Duration.ofHours(3),
                        demo.bands(),
                        0.3)
                .lives();
    }

    /** {@code pdm bench inference --ensemble K,...}: an ensemble version's scoring cost against the base alone. */
    static int ensemble(Path modelCache, int windows, int batch, int pumps, List<Integer> ks, int merged, int rank)
            throws Exception {
        AssetType type = AssetTypes.builtIn("pump-set");
        Path base = PumpBaseModel.ensure(modelCache, System.out);
        Path work = java.nio.file.Files.createTempDirectory("pdm-bench-ensemble-");
        List<EnsembleThroughput.Row> rows;
        try {
            rows = EnsembleThroughput.run(base, lives(type, pumps), windows, batch, ks, merged, rank, work);
        } finally {
            io.pdm.embedded.DataDirs.deleteQuietly(work); // the K generated adapters
        }
        EnsembleThroughput.Row alone = rows.get(0), first = rows.get(Math.min(1, rows.size() - 1));
        System.out.printf(
                Locale.ROOT,
                "ensemble scoring (%s, LoRA rank %d per member, %d windows, batches of %d, 1 thread, median of %d"
                        + " interleaved rounds; K = 0 is the base alone):%n",
                base.getFileName(),
                rank,
                windows,
                batch,
                EnsembleThroughput.ROUNDS);
        for (EnsembleThroughput.Row r : rows) {
            System.out.printf(
                    Locale.ROOT,
                    "  %-14s no drivers %,9.0f windows/s (%.2f × base, %.2f × K = %d)"
                            + "   with drivers %,8.0f windows/s (%.2f × base, %.2f × K = %d)%n",
                    r.merged() > 0 ? "merged(" + r.merged() + ")" : "K = " + r.k(),
                    r.lean(),
                    r.lean() / alone.lean(),
                    r.lean() / first.lean(),
                    first.k(),
                    r.drivers(),
                    r.drivers() / alone.drivers(),
                    r.drivers() / first.drivers(),
                    first.k());
        }
        return 0;
    }

    static int run(Path modelCache, int windows, int batch, int perSecond, int pumps, Path writerModel, boolean llama3)
            throws Exception {
        AssetType type = AssetTypes.builtIn("pump-set");
        Path base = PumpBaseModel.ensure(modelCache, System.out);
        List<Life> lives = lives(type, pumps);
        int cores = Runtime.getRuntime().availableProcessors();
        ScoringThroughput.Result t = ScoringThroughput.run(type, base, lives, windows, batch, cores);
        System.out.printf(
                Locale.ROOT,
                "scoring (%s, %d windows of the pump base):%n"
                        + "  one by one (baseline)      %,10.0f windows/s, 1 thread%n"
                        + "  batched by %-4d with drivers %,8.0f windows/s, 1 thread   (%.2f × baseline)%n"
                        + "  same, %d threads            %,10.0f windows/s = %,.0f windows/s/core (%.2f × baseline)%n"
                        + "  batched, no drivers        %,10.0f windows/s, 1 thread   (%.2f × baseline)%n"
                        + "  same, %d threads            %,10.0f windows/s = %,.0f windows/s/core (%.2f × baseline;"
                        + " goal >= 10,000/core)%n"
                        + "  whole per-step path        %,10.0f windows/s, 1 thread   (%.2f × baseline)%n",
                t.base(),
                t.windows(),
                t.oneByOne(),
                t.batch(),
                t.batched(),
                t.batchRatio(),
                t.threads(),
                t.batchedAllCores(),
                t.perCore(),
                t.perCore() / t.oneByOne(),
                t.lean(),
                t.lean() / t.oneByOne(),
                t.threads(),
                t.leanAllCores(),
                t.leanPerCore(),
                t.leanPerCore() / t.oneByOne(),
                t.path(),
                t.path() / t.oneByOne());

        List<String> writers = new ArrayList<>(List.of("template"));
        if (writerModel != null) writers.add("local");
        try (EmbeddedKafka kafka = EmbeddedKafka.builder().build().start();
                LocalPostgres pg = LocalPostgres.builder().build().start()) {
            String jdbc = pg.createDatabase("pdm_bench_inference");
            for (String w : writers) {
                String plant = "bench-" + w;
                kafka.createTopics(
                        1,
                        Topics.features(plant),
                        Topics.modelUpdates(plant),
                        Topics.predictions(plant),
                        Topics.alerts(plant));
                WriterSettings settings = new WriterSettings(
                        WriterSettings.Kind.parse(w), writerModel, llama3, null, null, null, Duration.ofSeconds(3));
                try (AlertTextPipeline texts = settings.open()) {
                    EndToEndLatency.Result r = EndToEndLatency.run(
                            kafka.bootstrapServers(), jdbc, plant, type, base, lives, w, texts, perSecond);
                    System.out.printf(
                            Locale.ROOT,
                            "latency, writer %s: %d feature vectors at %d/s, %d alerts: p50 %.0f ms, p99 %.0f ms;"
                                    + " baseline (feature vector produce → consume) p50 %.0f ms, p99 %.0f ms;"
                                    + " p99 %.1f × baseline (goal: p99 <= %s plus the 60 s window)%n",
                            w,
                            r.vectors(),
                            perSecond,
                            r.alerts(),
                            r.p50(),
                            r.p99(),
                            r.baseP50(),
                            r.baseP99(),
                            r.p99Ratio(),
                            w.equals("template") ? "1 s" : "3 s");
                    var x = r.texts();
                    System.out.printf(
                            Locale.ROOT,
                            "  texts, writer %s: %d written (warm-up included), %d its own on the first attempt, %d after"
                                    + " the rewrite, %d by the template instead; time to text p50 %.0f ms, p99 %.0f ms;"
                                    + " rejected drafts %s%n",
                            w,
                            x.texts(),
                            x.firstWrite(),
                            x.afterRewrite(),
                            x.fallbacks(),
                            x.writeP50Ms(),
                            x.writeP99Ms(),
                            x.draftViolations());
                }
            }
        }
        return 0;
    }
}

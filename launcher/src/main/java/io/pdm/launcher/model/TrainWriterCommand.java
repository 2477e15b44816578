package io.pdm.launcher.model;

import ai.djl.ndarray.NDManager;
import io.pdm.assets.AssetType;
import io.pdm.assets.AssetTypes;
import io.pdm.assets.lives.CmapssLives;
import io.pdm.assets.lives.Life;
import io.pdm.bench.inference.CmapssBases;
import io.pdm.bench.inference.EvalSource;
import io.pdm.bench.inference.WriterSheets;
import io.pdm.devices.lives.PumpLives;
import io.pdm.inference.facts.FactSheet;
import io.pdm.inference.writer.SlotWriterTraining;
import io.pdm.inference.writer.WriterTraining;
import io.pdm.model.text.MaintenanceCorpus;
import io.pdm.model.text.MaintenanceText;
import io.pdm.model.train.ConsoleProgress;
import io.pdm.model.train.TrainingMonitor;
import io.pdm.model.train.TrainingOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code pdm model train-writer}: the platform's own alert writer, distilled from {@code TargetTexts}: by default a
 * word-level slot writer (it writes which facts to state and in what words, the renderer copies the values), or with
 * {@code --kind bytes} a byte-level transformer writing the text itself; either on the fact sheets of real training
 * lives (C-MAPSS training engines, simulator pump seeds of the pump base), with real maintenance texts as their logs.
 * Never the C-MAPSS test files, nor the simulator seeds the evaluation replays.
 */
@Command(
        name = "train-writer",
        mixinStandardHelpOptions = true,
        description = {
            "Train the platform's own alert writer (for --writer local --writer-model DIR) on fact sheets of",
            "training lives, with texts from a documented generator (docs/results/inference.md)."
        })
final class TrainWriterCommand implements Callable<Integer> {
    @Option(
            names = "--out",
            required = true,
            description = "Checkpoint directory (config.json, model.safetensors," + " pdm_writer.json).")
    Path out;

    @Option(names = "--cmapss", description = "C-MAPSS directory: replay training engines (never test files).")
    Path cmapss;

    @Option(names = "--subsets", split = ",", defaultValue = "FD001,FD002,FD003,FD004")
    List<String> subsets;

    @Option(
            names = "--engines",
            defaultValue = "25",
            description = "Training engines per subset (default ${DEFAULT-VALUE}).")
    int engines;

    @Option(
            names = "--simulator",
            negatable = true,
            defaultValue = "true",
            fallbackValue = "true",
            description = "Replay simulated pump lives of the pump base's own seeds (default ${DEFAULT-VALUE}).")
    boolean simulator;

    @Option(
            names = "--seeds",
            split = ",",
            defaultValue = "1,2,3,4",
            description = "Simulator seeds (default"
                    + " ${DEFAULT-VALUE}: the pump base's training seeds; the evaluation uses 5, 6 and 11-13).")
    List<Long> seeds;

    @Option(names = "--sim-hours", defaultValue = "4", description = "Simulated hours per seed.")
    int simHours;

    @Option(names = "--pumps", defaultValue = "16", description = "Pumps per simulated fleet.")
    int pumps;

    @Option(
            names = "--texts",
            description = "Maintenance-log corpus (faa-aid/, maintie/): real texts as the sheets'"
                    + " logs (FAA remarks for the turbofan, MaintIE work orders for the pumps). Without it, no logs.")
    Path texts;

    @Option(
            names = "--kind",
            defaultValue = "slots",
            description = "slots: a word-level model writing slot sequences that the renderer fills with the sheet's"
                    + " values (delexicalised); bytes: a byte-level model writing the text itself"
                    + " (default ${DEFAULT-VALUE}).")
    String kind;

    @Option(names = "--hidden", description = "Width (default 128 for slots, 192 for bytes).")
    Integer hidden;

    @Option(names = "--layers", description = "Decoder layers (default 1 for slots, 3 for bytes).")
    Integer layers;

    @Option(names = "--heads", defaultValue = "4", description = "Attention heads (default ${DEFAULT-VALUE}).")
    int heads;

    @Option(
            names = "--context",
            defaultValue = "1280",
            description = "Bytes only: longest prompt plus text in bytes (default ${DEFAULT-VALUE}).")
    int context;

    @Option(
            names = "--variants",
            defaultValue = "3",
            description = "Phrasings per fact sheet (default ${DEFAULT-VALUE}).")
    int variants;

    @Option(
            names = "--max-sheets",
            defaultValue = "3000",
            description = "At most this many sheets, spread evenly" + " (default ${DEFAULT-VALUE}).")
    int maxSheets;

    @Option(
            names = "--prompt-weight",
            defaultValue = "0.1",
            description = "Bytes only: loss weight of prompt bytes (default ${DEFAULT-VALUE}).")
    float promptWeight;

    @Option(names = "--epochs", description = "Epochs (default 12 for slots, 2 for bytes).")
    Integer epochs;

    @Option(names = "--batch", description = "Pairs per step (default 16 for slots, 8 for bytes).")
    Integer batch;

    @Option(names = "--lr", defaultValue = "3e-3", description = "Peak learning rate (default ${DEFAULT-VALUE}).")
    float lr;

    @Option(
            names = "--patience",
            defaultValue = "3",
            description = "Slots: stop after this many epochs without a better held-out loss (default"
                    + " ${DEFAULT-VALUE}; 0 never stops early).")
    int patience;

    @Option(names = "--seed", defaultValue = "42", description = "Seeds logs, phrasings, split and weights.")
    long seed;

    @Option(
            names = "--model-cache",
            defaultValue = "${env:PDM_MODEL_CACHE:-${sys:user.home}/.cache/pdm/models}",
            description = "Where the remaining-life bases are cached (default ${DEFAULT-VALUE}).")
    Path modelCache;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (cmapss == null && !simulator) {
            throw new ParameterException(spec.commandLine(), "no lives to write for: give --cmapss DIR or --simulator");
        }
        boolean slots = switch (kind.trim().toLowerCase(Locale.ROOT)) {
            case "slots" -> true;
            case "bytes" -> false;
            default -> throw new ParameterException(spec.commandLine(), "--kind is slots or bytes, not '" + kind + "'");
        };
        Random random = new Random(seed);
        MaintenanceCorpus corpus = texts == null ? null : MaintenanceCorpus.load(texts);
        List<FactSheet> sheets = new ArrayList<>();
        List<String> sources = new ArrayList<>();
        if (cmapss != null) {
            CmapssBases bases = CmapssBases.small(cmapss, modelCache, 10, 2).withRegimes(true);
            AssetType type = bases.type();
            List<EvalSource> list = new ArrayList<>();
            for (String subset : subsets) {
                String s = subset.trim().toUpperCase(Locale.ROOT);
                Path base = bases.ensure(s, new ConsoleProgress(System.out, System.console() != null, "base " + s));
                List<Life> lives = new CmapssLives(cmapss, s, CmapssLives.Split.TRAIN).lives();
                lives = lives.subList(0, Math.min(engines, lives.size()));
                list.add(new EvalSource("C-MAPSS " + s + " train", type, base, "cached eval base", lives));
                sources.add("C-MAPSS train_" + s + ", first " + lives.size() + " engines");
            }
            sheets.addAll(withLogs(WriterSheets.collect(list, System.out), corpus, MaintenanceCorpus.FAA_AID, random));
        }
        if (simulator) {
            AssetType type = AssetTypes.builtIn("pump-set");
            Path base = PumpBaseModel.ensure(modelCache, System.out);
            PumpLives demo = PumpLives.demo(type);
            List<Life> lives = new PumpLives(
                            type,
                            demo.fleet().withAssetsPerPlant(pumps),
                            seeds,
                            Duration.ofHours(simHours),
                            demo.bands(),
                            demo.ewmaAlpha())
                    .lives();
            EvalSource source = new EvalSource("simulator seeds " + seeds, type, base, "pump base", lives);
            sheets.addAll(withLogs(
                    WriterSheets.collect(List.of(source), System.out), corpus, MaintenanceCorpus.MAINTIE, random));
            sources.add("simulator seeds " + seeds + ", " + simHours + " h, " + pumps + " pumps");
        }
        if (corpus != null) {
            sources.add("logs: " + texts + " (" + corpus.texts().size() + " real texts)");
        }
        List<FactSheet> used = spread(sheets, maxSheets);
        System.out.printf(
                Locale.ROOT, "%d fact sheets (%d used), %d phrasings each%n", sheets.size(), used.size(), variants);
        // a few pairs as the model sees them, so a reader can check prompt and target without running anything
        StringBuilder shown = new StringBuilder();
        for (int i = 0; i < Math.min(6, used.size()); i++) {
            FactSheet sheet = used.get(i * Math.max(1, used.size() / 6));
            for (var pair :
                    slots ? SlotWriterTraining.pairs(sheet, 1, seed + i) : WriterTraining.pairs(sheet, 1, seed + i)) {
                shown.append(pair.prompt())
                        .append(slots ? "\n" : "")
                        .append(pair.completion())
                        .append('\n');
            }
        }
        java.nio.file.Files.createDirectories(out);
        java.nio.file.Files.writeString(out.resolve("training-examples.txt"), shown);
        TrainingOptions options = TrainingOptions.defaults()
                .withEpochs(epochs != null ? epochs : slots ? 12 : 2)
                .withBatchSize(batch != null ? batch : slots ? 16 : 8)
                .withLearningRate(lr)
                .withPatience(slots ? patience : 0)
                .withSeed(seed);
        try (NDManager manager = NDManager.newBaseManager();
                WriterTraining.Outcome outcome = slots
                        ? SlotWriterTraining.train(
                                used,
                                sources,
                                new SlotWriterTraining.Settings(
                                        hidden != null ? hidden : 128,
                                        layers != null ? layers : 1,
                                        heads,
                                        variants,
                                        0.05,
                                        options),
                                manager,
                                progress())
                        : WriterTraining.train(
                                used,
                                sources,
                                new WriterTraining.Settings(
                                        hidden != null ? hidden : 192,
                                        layers != null ? layers : 3,
                                        heads,
                                        context,
                                        variants,
                                        promptWeight,
                                        0.05,
                                        options),
                                manager,
                                progress())) {
            outcome.save(out);
            System.out.printf(
                    Locale.ROOT,
                    "%n%s writer in %s: %d sheets, %d pairs, train loss %s, held-out completion loss %s, best epoch %d,"
                            + " %.0f s%s%n",
                    slots ? "slot" : "byte",
                    out,
                    outcome.card().sheets(),
                    outcome.card().pairs(),
                    outcome.card().trainLoss(),
                    outcome.card().validationLoss(),
                    outcome.result().bestEpoch(),
                    outcome.card().wallSeconds(),
                    outcome.card().heldOutRendered() == null
                            ? ""
                            : String.format(
                                    Locale.ROOT,
                                    "; held-out sheets whose greedy draft renders and passes the check: %.1f %%",
                                    100 * outcome.card().heldOutRendered()));
        }
        return 0;
    }

    /**
     * The console bar, plus a plain line every minute when stdout is not a terminal: this command runs for tens of
     * minutes, usually in the background with its output in a log file.
     */
    private static TrainingMonitor progress() {
        ConsoleProgress bar = ConsoleProgress.onStdout("train-writer");
        boolean plain = System.console() == null;
        long[] last = {System.nanoTime()};
        return new TrainingMonitor() {
            @Override
            public void onStep(int epoch, int epochs, int step, int steps, double loss, Duration remaining) {
                bar.onStep(epoch, epochs, step, steps, loss, remaining);
                if (plain && System.nanoTime() - last[0] > 60_000_000_000L) {
                    last[0] = System.nanoTime();
                    System.out.printf(
                            Locale.ROOT,
                            "train-writer epoch %d/%d step %d/%d loss %.4f, about %d min left%n",
                            epoch,
                            epochs,
                            step,
                            steps,
                            loss,
                            remaining.toMinutes());
                }
            }

            @Override
            public void onEpoch(EpochReport report) {
                bar.onEpoch(report);
            }
        };
    }

    private static List<FactSheet> withLogs(
            List<FactSheet> sheets, MaintenanceCorpus corpus, String source, Random random) {
        if (corpus == null) {
            return sheets;
        }
        List<MaintenanceText> texts = corpus.split(0.1).train().stream()
                .filter(t -> t.source().equals(source))
                .toList();
        return sheets.stream()
                .map(s -> WriterTraining.withLogs(s, texts, random))
                .toList();
    }

    /** At most {@code max} sheets, evenly spaced, so every source and life stage keeps its share. */
    static List<FactSheet> spread(List<FactSheet> sheets, int max) {
        if (sheets.size() <= max) {
            return sheets;
        }
        List<FactSheet> out = new ArrayList<>(max);
        for (int i = 0; i < max; i++) {
            out.add(sheets.get((int) ((long) i * sheets.size() / max)));
        }
        return out;
    }
}

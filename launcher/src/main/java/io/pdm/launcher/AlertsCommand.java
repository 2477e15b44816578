package io.pdm.launcher;

import io.pdm.assets.AssetType;
import io.pdm.assets.Thresholds;
import io.pdm.assets.lives.CmapssLives;
import io.pdm.assets.lives.Life;
import io.pdm.bench.inference.AlertEvaluation;
import io.pdm.bench.inference.CmapssBases;
import io.pdm.bench.inference.EvalReport;
import io.pdm.bench.inference.EvalSource;
import io.pdm.inference.policy.PolicySettings;
import io.pdm.inference.service.WriterSettings;
import io.pdm.inference.writer.AlertTextPipeline;
import io.pdm.launcher.model.SimulatorFleetArgs;
import io.pdm.model.cmapss.CmapssModels;
import io.pdm.model.train.ConsoleProgress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code pdm alerts …}: measuring what the inference service's alerts are worth, and watching the event topic. */
@Command(
        name = "alerts",
        mixinStandardHelpOptions = true,
        description = "Alert evaluation (see docs/results/inference.md) and the maintenance-event topic.",
        subcommands = {AlertsCommand.Eval.class, AlertsTail.class})
public final class AlertsCommand extends UsageCommand {

    @Command(
            name = "eval",
            mixinStandardHelpOptions = true,
            description = "Replays run-to-failure lives through the real scoring and alert policy: lead time, missed"
                    + " failures, false alerts per 1,000 healthy life units, interval coverage, grounding per writer.")
    static final class Eval implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(
                names = "--cmapss",
                description = "C-MAPSS directory (train_/test_/RUL_FD00x.txt): replay test engines.")
        Path cmapss;

        @Option(names = "--subsets", split = ",", defaultValue = "FD001,FD002,FD003,FD004")
        List<String> subsets;

        @Option(names = "--engines", description = "Only the first N test engines of each subset (default: all).")
        Integer engines;

        @Option(
                names = "--split",
                defaultValue = "test",
                description =
                        "C-MAPSS engines to replay: test, or validation (the training engines each base held"
                                + " out, whole runs to failure; choose settings here, never on test). Default ${DEFAULT-VALUE}.")
        String split;

        @Option(
                names = "--change-alerts",
                defaultValue = "unscored-only",
                description = "unscored-only or always: as the service's --change-alerts (default ${DEFAULT-VALUE}).")
        String changeAlerts;

        @Option(
                names = "--base",
                description = "A pretrained C-MAPSS life base per subset, SUBSET=DIR; others are pretrained (cached).")
        Map<String, Path> bases = new LinkedHashMap<>();

        @Option(
                names = "--epochs",
                defaultValue = "10",
                description = "Epochs of each C-MAPSS base pretrained here (default ${DEFAULT-VALUE}).")
        int epochs;

        @Option(
                names = "--base-size",
                defaultValue = "32x1",
                description = "Width x layers of each C-MAPSS base pretrained here, e.g. 64x2 (the platform's own);"
                        + " another size is a separate cached base (default ${DEFAULT-VALUE}, the evaluation's).")
        String baseSize;

        @Option(
                names = "--base-patience",
                defaultValue = "0",
                description = "Epochs without a better held-out score before those bases stop (0: all epochs; the"
                        + " best is kept either way; default ${DEFAULT-VALUE}).")
        int basePatience;

        @Option(
                names = "--stride",
                defaultValue = "2",
                description = "Cycles between training windows of those bases (default ${DEFAULT-VALUE}).")
        int stride;

        @Option(
                names = "--regimes",
                defaultValue = "on",
                description = "on: the C-MAPSS bases normalise per operating condition (the type's regimes); off: one"
                        + " z-score over all conditions, as before regimes existed (default ${DEFAULT-VALUE}).")
        String regimes;

        @Option(
                names = "--on-delay",
                split = ",",
                description = "Override the on-delay (steps) of every replayed type; several values replay the same"
                        + " lives once per value (one row each). The bases are unchanged. For choosing it on"
                        + " validation lives; the types' own by default.")
        List<Integer> onDelays;

        @Option(
                names = "--upper-bound-below",
                split = ",",
                description = "Override every replayed type's upperBoundBelow: life units, or none; several values"
                        + " replay the same lives once per value (and per --on-delay). The bases are unchanged.")
        List<String> upperBoundBelows;

        @Option(
                names = "--min-history",
                split = ",",
                description = "Override every replayed type's minHistorySteps: the real steps an asset needs since it"
                        + " was new or restored before a remaining-life or stage alert (0: no such rule); several"
                        + " values replay the same lives once per value (and per --on-delay, --upper-bound-below)."
                        + " The bases are unchanged.")
        List<Integer> minHistories;

        @Option(
                names = "--simulator",
                description = "Replay simulated pump lives (the cached pump-set base, or --sim-base for --asset-type).")
        boolean simulator;

        @Option(
                names = "--seeds",
                split = ",",
                defaultValue = "11,12,13",
                description = "Simulator seeds; the pump base was pretrained on seeds 1-4 (default ${DEFAULT-VALUE}).")
        List<Long> seeds;

        @Option(names = "--sim-hours", defaultValue = "6", description = "Simulated hours per seed.")
        int simHours;

        @CommandLine.Mixin
        SimulatorFleetArgs fleet;

        @Option(
                names = "--asset-type",
                description = "With --simulator: the type the simulated pumps are read as (default: the built-in"
                        + " pump-set), e.g. pump-set-field.json with --mean-life 60d --inspection-interval 14d"
                        + " --sim-days N; needs --sim-base.")
        Path simType;

        @Option(
                names = "--sim-base",
                description = "With --asset-type: that type's base, pretrained by `pdm model pretrain --asset-type"
                        + " FILE --lives sim:SEEDS` on seeds apart from --seeds.")
        Path simBase;

        @Option(
                names = "--pump-base-seeds",
                split = ",",
                description = "Simulator seeds the pump base is pretrained on (default: the demo's 1-4, its cached"
                        + " base). Others give a separate cached base, e.g. more lives; they must not overlap --seeds.")
        List<Long> pumpBaseSeeds;

        @Option(
                names = "--pump-base-window",
                description = "Input window of the pump base in steps (default: the type's, 10), a multiple of its"
                        + " 5-step patch; another value gives a separate cached base. The service reads the window"
                        + " from the base.")
        Integer pumpBaseWindow;

        @Option(
                names = "--pump-base-age",
                description = "The pump base also reads the pump's age: the time since its last REPLACEMENT or REPAIR"
                        + " (the service's secondsSinceMaintenance), as its last input channel; a separate cached"
                        + " base.")
        boolean pumpBaseAge;

        @Option(
                names = "--writer",
                split = ",",
                defaultValue = "template",
                description = "Writers to compare: template, local, openai; the first replays, the others write the"
                        + " same fact sheets.")
        List<String> writers;

        @Option(names = "--writer-model", description = "Checkpoint directory of the local writer.")
        Path writerModel;

        @Option(names = "--llama3", description = "The local writer's checkpoint uses Llama 3's special tokens.")
        boolean llama3;

        @Option(names = "--openai-url")
        URI openAiUrl;

        @Option(names = "--openai-model")
        String openAiModel;

        @Option(names = "--openai-key-file")
        Path openAiKeyFile;

        @Option(names = "--max-texts", defaultValue = "200", description = "Fact sheets each further writer writes.")
        int maxTexts;

        @Option(
                names = "--model-cache",
                defaultValue = "${env:PDM_MODEL_CACHE:-${sys:user.home}/.cache/pdm/models}",
                description = "Where pretrained bases are cached (default ${DEFAULT-VALUE}).")
        Path modelCache;

        @Option(names = "--out", description = "Write the results section (Markdown) to this file.")
        Path out;

        @Option(names = "--per-life", description = "Append the per-life table to the results section.")
        boolean perLife;

        @Override
        public Integer call() throws Exception {
            if (cmapss == null && !simulator) {
                throw new CommandLine.ParameterException(
                        spec.commandLine(), "nothing to replay: give --cmapss DIR and/or --simulator");
            }
            List<EvalSource> sources = new ArrayList<>();
            if (cmapss != null) sources.addAll(cmapssSources());
            if (simulator) sources.addAll(simulatorSources());
            List<AlertTextPipeline> pipelines = new ArrayList<>();
            try {
                List<AlertEvaluation.Writer> chain = new ArrayList<>();
                for (String w : writers) {
                    AlertTextPipeline p = writerSettings(w).open();
                    pipelines.add(p);
                    chain.add(new AlertEvaluation.Writer(w.trim().toLowerCase(Locale.ROOT), p::write));
                }
                AlertEvaluation.Outcome outcome = AlertEvaluation.run(
                        sources, chain, new AlertEvaluation.Options(maxTexts, 10, changeAlerts()), System.out);
                String md = EvalReport.markdown(
                        outcome,
                        "pdm "
                                + String.join(
                                        " ", spec.commandLine().getParseResult().originalArgs()));
                if (perLife) md += "\n#### Per life\n\n" + EvalReport.perLife(outcome.sources());
                System.out.println(md);
                if (out != null) {
                    if (out.getParent() != null) Files.createDirectories(out.getParent());
                    Files.writeString(out, md);
                    System.out.println("written to " + out);
                }
            } finally {
                for (AlertTextPipeline p : pipelines) p.close();
            }
            return 0;
        }

        private PolicySettings.ChangeAlerts changeAlerts() {
            try {
                return PolicySettings.ChangeAlerts.parse(changeAlerts);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
        }

        private List<EvalSource> cmapssSources() throws Exception {
            boolean validation = switch (split.trim().toLowerCase(Locale.ROOT)) {
                case "test" -> false;
                case "validation" -> true;
                default ->
                    throw new CommandLine.ParameterException(
                            spec.commandLine(), "--split must be test or validation, got '" + split + "'");
            };
            if (validation && !bases.isEmpty()) {
                throw new CommandLine.ParameterException(
                        spec.commandLine(),
                        "--split validation needs the bases pretrained here (their held-out engines are known);"
                                + " drop --base");
            }
            boolean perRegime = switch (regimes.trim().toLowerCase(Locale.ROOT)) {
                case "on" -> true;
                case "off" -> false;
                default ->
                    throw new CommandLine.ParameterException(
                            spec.commandLine(), "--regimes must be on or off, got '" + regimes + "'");
            };
            CmapssBases pretrain = cmapssBases().withRegimes(perRegime);
            AssetType type = pretrain.type();
            Map<String, AssetType> variants = withPolicies(type); // checked before any base is pretrained
            List<EvalSource> out = new ArrayList<>();
            for (String subset : subsets) {
                String s = subset.trim().toUpperCase(Locale.ROOT);
                Path base = bases.get(s);
                String from = base != null
                        ? "given: " + base
                        : "train_" + s + " (80 % fit, 20 % of engines choose the epoch and calibrate)";
                if (base == null) {
                    base = pretrain.ensure(s, new ConsoleProgress(System.out, System.console() != null, "base " + s));
                }
                List<Life> lives = validation
                        ? pretrain.validationLives(s)
                        : new CmapssLives(cmapss, s, CmapssLives.Split.TEST).lives();
                if (engines != null) lives = lives.subList(0, Math.min(engines, lives.size()));
                for (Map.Entry<String, AssetType> v : variants.entrySet()) {
                    out.add(new EvalSource("C-MAPSS " + s + " " + split + v.getKey(), v.getValue(), base, from, lives));
                }
            }
            return out;
        }

        /** The C-MAPSS bases this run pretrains (or finds cached): {@code --base-size}, {@code --epochs}, … */
        CmapssBases cmapssBases() {
            String[] wl = baseSize.trim().toLowerCase(Locale.ROOT).split("x");
            try {
                if (wl.length != 2) throw new NumberFormatException();
                int width = Integer.parseInt(wl[0]);
                int layers = Integer.parseInt(wl[1]);
                if (width < 1 || layers < 1 || basePatience < 0) throw new NumberFormatException();
                CmapssModels.Size size = new CmapssModels.Size(
                        width, layers, CmapssBases.SMALL.patchSize(), CmapssBases.SMALL.dropout());
                return CmapssBases.sized(cmapss, modelCache, size, epochs, basePatience, stride);
            } catch (NumberFormatException e) {
                throw new CommandLine.ParameterException(
                        spec.commandLine(),
                        "--base-size must be WIDTHxLAYERS (e.g. 64x2) and --base-patience >= 0, got '" + baseSize
                                + "', " + basePatience);
            }
        }

        private List<EvalSource> simulatorSources() throws Exception {
            try {
                return new SimulatorEvalSources(this).sources();
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
        }

        /**
         * The type once per combination of this run's policy overrides (on-delay × upper-bound rule × minimum
         * history), keyed by a
         * suffix for the source's name ("" without overrides); the lives and the base are shared, only the policy
         * differs.
         */
        Map<String, AssetType> withPolicies(AssetType type) {
            List<Integer> delays = onDelays == null ? java.util.Arrays.asList((Integer) null) : onDelays;
            List<String> uppers = upperBoundBelows == null ? java.util.Arrays.asList((String) null) : upperBoundBelows;
            List<Integer> histories = minHistories == null ? java.util.Arrays.asList((Integer) null) : minHistories;
            Map<String, AssetType> out = new LinkedHashMap<>();
            for (Integer d : delays) {
                for (String u : uppers) {
                    for (Integer h : histories) {
                        String suffix = (d == null ? "" : ", on-delay " + d)
                                + (u == null ? "" : ", upper bound below " + u.trim())
                                + (h == null ? "" : ", min history " + h);
                        out.put(suffix, withPolicy(type, d, u, h));
                    }
                }
            }
            return out;
        }

        /**
         * The type with this run's policy overrides (on-delay, upper-bound rule, minimum history; null: the type's);
         * its base is not affected.
         */
        AssetType withPolicy(AssetType type, Integer onDelay, String upperBoundBelow, Integer minHistory) {
            Thresholds t = type.thresholds();
            Thresholds.AlertDelay delay = onDelay == null
                    ? t.alertDelay()
                    : new Thresholds.AlertDelay(onDelay, t.alertDelay().clear());
            Double upper = t.upperBoundBelow();
            if (upperBoundBelow != null) {
                String v = upperBoundBelow.trim().toLowerCase(Locale.ROOT);
                try {
                    upper = v.equals("none") ? null : Double.valueOf(v);
                } catch (NumberFormatException e) {
                    throw new CommandLine.ParameterException(
                            spec.commandLine(),
                            "--upper-bound-below must be a number of life units or none, got '" + upperBoundBelow
                                    + "'");
                }
            }
            try {
                Integer history = minHistory == null ? t.minHistorySteps() : minHistory;
                return type.withThresholds(new Thresholds(t.remainingLife(), t.healthStage(), delay, upper, history));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
        }

        private WriterSettings writerSettings(String kind) {
            try {
                return new WriterSettings(
                        WriterSettings.Kind.parse(kind),
                        writerModel,
                        llama3,
                        openAiUrl,
                        openAiModel,
                        openAiKeyFile,
                        Duration.ofSeconds(5));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
        }
    }
}

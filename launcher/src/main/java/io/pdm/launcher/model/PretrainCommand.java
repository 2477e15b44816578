package io.pdm.launcher.model;

import ai.djl.ndarray.NDManager;
import io.pdm.assets.AssetType;
import io.pdm.assets.AssetTypes;
import io.pdm.assets.lives.CmapssLives;
import io.pdm.assets.lives.CsvLives;
import io.pdm.assets.lives.Life;
import io.pdm.devices.lives.PumpLives;
import io.pdm.federated.training.history.StoredLives;
import io.pdm.model.checkpoint.ModelCheckpoint;
import io.pdm.model.cmapss.Pretraining;
import io.pdm.model.life.LifeEvaluation;
import io.pdm.model.life.LifePretraining;
import io.pdm.model.life.LifeProtocol;
import io.pdm.model.life.RemainingLifeModel;
import io.pdm.model.train.ConsoleProgress;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code pdm model pretrain}: the shared base model from public data only — the C-MAPSS OEM share ({@code --cmapss}),
 * or any asset type's run-to-failure lives ({@code --asset-type FILE --lives CSV}), with no code per machine kind;
 * {@code --lives sim:SEEDS} reads the fleet simulator's pumps as that type's windows.
 */
@Command(
        name = "pretrain",
        mixinStandardHelpOptions = true,
        description = {
            "Pretrain a base model: on the public OEM share of C-MAPSS engines and public maintenance texts (--cmapss),",
            "or on the run-to-failure lives of any asset type (--asset-type FILE --lives CSV)."
        })
final class PretrainCommand implements Callable<Integer> {
    @Option(names = "--cmapss", description = "C-MAPSS directory.")
    Path cmapss;

    @Option(
            names = "--asset-type",
            description = "Asset-type file (.json/.yaml) whose lives to pretrain on, instead of --cmapss.")
    Path assetType;

    @Option(
            names = "--lives",
            description = "The type's lives: a CSV (life_id,step,<channel…>,end[,asset_id,age,remaining];"
                    + " docs/model.md), cmapss:DIR/FD00N for a C-MAPSS subset's training engines, or store:PLANT"
                    + " for that plant's stored feature windows cut at corrective work orders (with --jdbc), or"
                    + " sim:SEEDS (e.g. sim:1,2,3,4) for the fleet simulator's pumps read as the type's windows"
                    + " (--pumps, --mean-life, --inspection-interval, --sim-days; 12 simulated hours by default).")
    String lives;

    @Option(
            names = "--jdbc",
            defaultValue = "${env:PDM_JDBC}",
            description = "The plant's store for --lives store:PLANT (PDM_JDBC).")
    String jdbc;

    @Option(
            names = "--end-actions",
            split = ",",
            defaultValue = "REPLACEMENT,REPAIR",
            description = "Maintenance actions that end a stored life (default ${DEFAULT-VALUE}).")
    java.util.Set<String> endActions;

    @Option(
            names = "--running-channel",
            description = "A stored feature above zero only while the asset ran throughout the window (the pump:"
                    + " speed_rpm.min); windows where it is not count as stopped. Default: every complete window.")
    String runningChannel;

    @Option(
            names = "--test-lives",
            description = "Other lives of the type (CSV, or cmapss:DIR/FD00N for the subset's test engines with their"
                    + " true RUL): RMSE and interval coverage on them are printed.")
    String testLives;

    @Option(
            names = "--rul-cap",
            description = "Cap of the remaining-life target in the type's life unit (default 1.5 × the type's"
                    + " healthy boundary; C-MAPSS: 125).")
    Double rulCap;

    @Option(
            names = "--age-channel",
            description = "Append the age (from the lives' age column; with --cmapss the cycle number, as"
                    + " `model train --cycle-channel`) as an input channel (default: off).")
    boolean ageChannel;

    @Option(
            names = "--stride",
            defaultValue = "1",
            description = "With --asset-type: steps between training windows (default ${DEFAULT-VALUE}: every"
                    + " step); long lives of hourly steps train as well on every few hours' window, in less time.")
    int stride;

    @Option(
            names = "--level",
            defaultValue = "0.9",
            description = "Nominal coverage of the conformal interval (default ${DEFAULT-VALUE}).")
    double level;

    @Option(
            names = "--subset",
            split = ",",
            defaultValue = "FD001,FD002,FD003,FD004",
            description = "Subsets (default ${DEFAULT-VALUE}).")
    List<String> subsets;

    @Option(
            names = "--oem-share",
            defaultValue = "0.2",
            description = "Share of each subset's training engines that is public (default ${DEFAULT-VALUE}).")
    double oemShare;

    @Option(
            names = "--texts",
            description = "Maintenance-log corpus directory (faa-aid/, maintie/) for the language head.")
    Path texts;

    @Option(
            names = "--text-weight",
            defaultValue = "0.2",
            description = "Weight of the next-token loss (default ${DEFAULT-VALUE}).")
    double textWeight;

    @Option(
            names = "--out",
            required = true,
            description = "Directory for config.json, model.safetensors, pdm_protocol.json and the training record.")
    Path out;

    @Mixin
    TrainingArgs training;

    @Mixin
    SizeArgs size;

    @Mixin
    SimulatorFleetArgs fleet;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if ((assetType == null) == (cmapss == null)) {
            throw new ParameterException(
                    spec.commandLine(), "give either --cmapss DIR or --asset-type FILE --lives CSV");
        }
        return assetType != null ? lives() : cmapss();
    }

    private int cmapss() throws Exception {
        Pretraining.Settings settings = new Pretraining.Settings(
                cmapss,
                subsets,
                oemShare,
                texts,
                textWeight,
                size.size(),
                training.protocol().withCycleChannel(ageChannel),
                training.options());
        try (NDManager manager = NDManager.newBaseManager()) {
            Pretraining.Outcome outcome = Pretraining.run(settings, manager, ConsoleProgress.onStdout("pretrain"));
            try (var model = outcome.model()) {
                ModelCheckpoint.save(model, outcome.config(), out);
                outcome.record().write(out);
                outcome.protocol().write(out);
            }
            System.out.printf(
                    "%nbase model in %s: %d windows from %s engines (OEM share %.0f%%), %d texts; validation RMSE %.2f"
                            + " (best epoch %d); base hash %s%n",
                    out,
                    outcome.record().windows(),
                    outcome.record().engines(),
                    oemShare * 100,
                    outcome.record().texts(),
                    outcome.record().validationRmse(),
                    outcome.record().bestEpoch(),
                    ModelCheckpoint.baseHash(out));
        }
        return 0;
    }

    private int lives() throws Exception {
        if (lives == null) {
            throw new ParameterException(spec.commandLine(), "--asset-type needs --lives CSV");
        }
        if (stride < 1) {
            throw new ParameterException(spec.commandLine(), "--stride must be at least 1, got " + stride);
        }
        AssetType type = AssetTypes.load(assetType);
        List<Life> all = lives(lives, type, CmapssLives.Split.TRAIN);
        if (all.size() < 4) {
            throw new ParameterException(
                    spec.commandLine(),
                    lives + " holds " + all.size() + " " + type.id() + " lives; pretraining needs at least 4 (some"
                            + " are held out to choose the epoch and calibrate the interval)");
        }
        // The type's window unless --window was given: the C-MAPSS default of 50 means nothing for another machine.
        boolean windowGiven = spec.commandLine().getParseResult().hasMatchedOption("--window");
        LifePretraining.Settings defaults = LifePretraining.Settings.of(type, all, size.size(), training.options());
        LifePretraining.Settings settings = new LifePretraining.Settings(
                type,
                all,
                windowGiven ? training.window : type.window(),
                rulCap != null ? rulCap : defaults.rulCap(),
                ageChannel,
                size.size(),
                training.options(),
                defaults.validationFraction(),
                level,
                stride);
        try (NDManager manager = NDManager.newBaseManager();
                LifePretraining.Outcome outcome =
                        LifePretraining.run(settings, manager, ConsoleProgress.onStdout("pretrain " + type.id()))) {
            outcome.save(out);
            LifeProtocol p = outcome.protocol();
            System.out.printf(
                    Locale.ROOT,
                    "%nbase model for %s in %s: %d training and %d held-out lives, %d windows of %d steps × %d"
                            + " channels; held-out RMSE %.3f %s (mean predictor %.3f, best epoch %d);"
                            + " %.0f %% interval ± %s by predicted life; %.0f s; base hash %s%n",
                    type.id(),
                    out,
                    outcome.record().trainingLives(),
                    outcome.record().heldOutLives(),
                    outcome.record().trainingWindows(),
                    p.window(),
                    p.inputChannels(),
                    outcome.record().validationRmse(),
                    p.lifeUnit().toLowerCase(Locale.ROOT),
                    outcome.record().meanPredictorRmse(),
                    outcome.record().bestEpoch(),
                    p.interval().level() * 100,
                    Arrays.toString(p.interval().quantiles()),
                    outcome.record().wallSeconds(),
                    ModelCheckpoint.baseHash(out));
        }
        if (testLives != null) {
            try (RemainingLifeModel model = RemainingLifeModel.load(out, null)) {
                LifeEvaluation e = LifeEvaluation.of(model, lives(testLives, type, CmapssLives.Split.TEST));
                System.out.printf(
                        Locale.ROOT,
                        "test lives: %d (%d windows): RMSE %.3f (mean predictor %.3f); interval coverage %.3f"
                                + " (nominal %.2f), mean width %.3f%n",
                        e.lives(),
                        e.windows(),
                        e.rmse(),
                        e.meanPredictorRmse(),
                        e.coverage(),
                        e.level(),
                        e.meanWidth());
            }
        }
        return 0;
    }

    /**
     * A CSV of lives, {@code cmapss:DIR/FD00N} or {@code store:PLANT}: the one source per argument, parsed by its own
     * reader.
     */
    List<Life> lives(String spec, AssetType type, CmapssLives.Split split) throws java.io.IOException {
        if (spec.startsWith(STORE)) {
            String plant = spec.substring(STORE.length());
            if (plant.isBlank() || jdbc == null || jdbc.isBlank()) {
                throw new ParameterException(
                        this.spec.commandLine(), "store:PLANT needs the plant's id and --jdbc URL (or PDM_JDBC)");
            }
            return new StoredLives(jdbc, plant, endActions, runningChannel)
                    .read(type)
                    .lives();
        }
        if (spec.startsWith(SIM)) {
            List<Long> seeds;
            try {
                seeds = Arrays.stream(spec.substring(SIM.length()).split(","))
                        .map(String::trim)
                        .map(Long::valueOf)
                        .toList();
            } catch (NumberFormatException e) {
                throw new ParameterException(this.spec.commandLine(), "sim:SEEDS needs seeds such as sim:1,2,3,4");
            }
            PumpLives source = fleet.lives(type, seeds, 12);
            System.out.printf(
                    Locale.ROOT,
                    "simulating %d × %d h of %d pumps (mean life %s, inspections every %s)%n",
                    seeds.size(),
                    source.simulated().toHours(),
                    source.fleet().assetsPerPlant(),
                    source.fleet().meanLife(),
                    source.fleet().inspectionInterval());
            return source.lives();
        }
        if (spec.startsWith(CMAPSS)) {
            Path subset = Path.of(spec.substring(CMAPSS.length()));
            Path dir = subset.getParent() == null ? Path.of(".") : subset.getParent();
            return new CmapssLives(dir, subset.getFileName().toString(), split).lives();
        }
        return new CsvLives(Path.of(spec), type).lives();
    }

    private static final String CMAPSS = "cmapss:";
    private static final String STORE = "store:";
    private static final String SIM = "sim:";
}

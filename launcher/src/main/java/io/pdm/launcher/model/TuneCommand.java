package io.pdm.launcher.model;

import io.pdm.model.train.ConsoleProgress;
import io.pdm.model.tuning.CmapssTuner;
import io.pdm.model.tuning.TuningGrid;
import io.pdm.model.tuning.TuningResult;
import io.pdm.model.tuning.TuningSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code pdm model tune}: chooses the training settings on held-out training engines, never on a test file (the
 * readers refuse test files for the whole run). Each axis lists the current default first.
 */
@Command(
        name = "tune",
        mixinStandardHelpOptions = true,
        description = {
            "Choose window, patch, epochs, input noise, ensemble size and LoRA lr/rank on training engines held out"
                    + " by engine; the test files are refused for the whole run.",
            "Each list starts with the current default (the centre); pooled training changes one setting at a time"
                    + " around it, and so do LoRA's lr and rank.",
            "Cost with the defaults on FD001+FD003: 6 models of pooled training and 3 adapters per subset plus one"
                    + " base, one at a time (DJL trains one model per JVM); one process per subset and --combine use"
                    + " both cores (see docs/results/model.md for the measured cost)."
        })
final class TuneCommand implements Callable<Integer> {
    @Option(
            names = "--cmapss",
            required = true,
            description = "Directory with train_FD00N.txt (test_ and RUL_ files are never read).")
    Path cmapss;

    @Option(
            names = "--subset",
            split = ",",
            defaultValue = "FD001,FD003",
            description =
                    "Subsets to tune on; settings are chosen on their mean held-out RMSE (default ${DEFAULT-VALUE}).")
    List<String> subsets;

    @Option(
            names = "--seed",
            defaultValue = "42",
            description = "Seeds the held-out split and the first model of each setting (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--held-out",
            defaultValue = "0.2",
            description =
                    "Share of each subset's training engines held out from every model (default ${DEFAULT-VALUE}).")
    double heldOut;

    @Option(
            names = "--window",
            split = ",",
            defaultValue = "50,30",
            description = "Windows (default ${DEFAULT-VALUE}).")
    List<Integer> windows;

    @Option(names = "--patch", split = ",", defaultValue = "5,10", description = "Patches (default ${DEFAULT-VALUE}).")
    List<Integer> patches;

    @Option(
            names = "--epochs",
            split = ",",
            defaultValue = "25,15",
            description = "Epochs of pooled training (default ${DEFAULT-VALUE}).")
    List<Integer> epochs;

    @Option(
            names = "--noise",
            split = ",",
            defaultValue = "0,0.3",
            description = "Input noise std (default ${DEFAULT-VALUE}).")
    List<Float> noises;

    @Option(
            names = "--ensemble",
            split = ",",
            defaultValue = "1,2",
            description = "Ensemble sizes, scored on the centre's members (default ${DEFAULT-VALUE}).")
    List<Integer> ensembles;

    @Option(
            names = "--lora-lr",
            split = ",",
            defaultValue = "3e-3,1e-3",
            description = "LoRA peak learning rates (default ${DEFAULT-VALUE}).")
    List<Float> loraLearningRates;

    @Option(names = "--no-lora", description = "Skip the fine-tuning search (no base is pretrained).")
    boolean noLora;

    @Option(names = "--no-pooled", description = "Skip the pooled-training search (the LoRA search alone).")
    boolean noPooled;

    @Option(
            names = "--lora-rank",
            split = ",",
            defaultValue = "8,16",
            description = "LoRA ranks (default ${DEFAULT-VALUE}).")
    List<Integer> loraRanks;

    @Option(names = "--lora-alpha", defaultValue = "16", description = "LoRA alpha (default ${DEFAULT-VALUE}).")
    int loraAlpha;

    @Option(
            names = "--lora-epochs",
            defaultValue = "15",
            description = "Epochs of the base's pretraining and of each fine-tuning (default ${DEFAULT-VALUE}).")
    int loraEpochs;

    @Option(names = "--hidden", defaultValue = "64", description = "Model width (default ${DEFAULT-VALUE}).")
    int hidden;

    @Option(names = "--layers", defaultValue = "2", description = "Decoder layers (default ${DEFAULT-VALUE}).")
    int layers;

    @Option(names = "--dropout", defaultValue = "0.1", description = "Dropout (default ${DEFAULT-VALUE}).")
    double dropout;

    @Option(
            names = "--lr",
            defaultValue = "1e-3",
            description = "Peak lr of pooled training (default ${DEFAULT-VALUE}).")
    float learningRate;

    @Option(names = "--batch", defaultValue = "256", description = "Windows per step (default ${DEFAULT-VALUE}).")
    int batch;

    @Option(
            names = "--cycle-channel",
            defaultValue = "true",
            fallbackValue = "true",
            arity = "0..1",
            description = "Pooled training appends the cycle number, as pdm model train (default ${DEFAULT-VALUE}).")
    boolean cycleChannel;

    @Option(
            names = "--combine",
            split = ",",
            description = "Instead of training: combine the JSON results of runs of the same search on other subsets"
                    + " (e.g. one process per subset) into one table and choice, written to --out.")
    List<Path> combine;

    @Option(
            names = "--out",
            defaultValue = "tuning.json",
            description =
                    "The result as JSON: settings, engines used, every row, the choice (default ${DEFAULT-VALUE}).")
    Path out;

    @Override
    public Integer call() throws Exception {
        if (combine != null && !combine.isEmpty()) {
            List<TuningResult> parts = new java.util.ArrayList<>();
            for (Path p : combine) {
                parts.add(TuningResult.read(p));
            }
            return report(TuningResult.combine(parts));
        }
        TuningSettings settings = settings();
        TuningGrid grid = settings.grid();
        System.out.printf(
                Locale.ROOT,
                "tuning on %s (training files only; %.0f %% of each subset's training engines held out, seed %d):"
                        + " %d models per subset%s%n",
                String.join(", ", subsets),
                heldOut * 100,
                seed,
                grid.trainingsPerSubset(),
                grid.loraLearningRates().isEmpty() ? "" : " and one pretrained base");
        return report(CmapssTuner.run(settings, ConsoleProgress::onStdout, System.out::println));
    }

    private int report(TuningResult result) throws java.io.IOException {
        System.out.println();
        System.out.print(result.table());
        System.out.printf(
                Locale.ROOT,
                "%nchosen: %s; %s; %s; %d s. Result: %s%n",
                result.model() == null ? "no pooled search" : result.model().label(),
                result.ensemble() == null
                        ? "no ensemble search"
                        : "ensemble: " + result.ensemble().label(),
                result.lora() == null ? "no LoRA search" : result.lora().label(),
                result.wallSeconds(),
                out);
        result.write(out);
        return 0;
    }

    TuningSettings settings() {
        return new TuningSettings(
                cmapss,
                subsets,
                seed,
                heldOut,
                hidden,
                layers,
                dropout,
                learningRate,
                batch,
                cycleChannel,
                0.2,
                new TuningGrid(
                        windows,
                        patches,
                        epochs,
                        noises,
                        ensembles,
                        noLora ? List.of() : loraLearningRates,
                        noLora ? List.of() : loraRanks,
                        loraAlpha,
                        loraEpochs,
                        !noPooled));
    }
}

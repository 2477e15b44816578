package io.pdm.launcher.model;

import ai.djl.ndarray.NDManager;
import io.pdm.model.checkpoint.ModelCheckpoint;
import io.pdm.model.cmapss.Pretraining;
import io.pdm.model.train.ConsoleProgress;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code pdm model pretrain}: the shared base model from public data only. */
@Command(
        name = "pretrain",
        mixinStandardHelpOptions = true,
        description =
                "Pretrain the base model on the public OEM share of C-MAPSS engines and public maintenance texts.")
final class PretrainCommand implements Callable<Integer> {
    @Option(names = "--cmapss", required = true, description = "C-MAPSS directory.")
    Path cmapss;

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
            description = "Directory for config.json, model.safetensors, pretraining.json.")
    Path out;

    @Mixin
    TrainingArgs training;

    @Mixin
    SizeArgs size;

    @Override
    public Integer call() throws Exception {
        Pretraining.Settings settings = new Pretraining.Settings(
                cmapss, subsets, oemShare, texts, textWeight, size.size(), training.protocol(), training.options());
        try (NDManager manager = NDManager.newBaseManager()) {
            Pretraining.Outcome outcome = Pretraining.run(settings, manager, ConsoleProgress.onStdout("pretrain"));
            try (var model = outcome.model()) {
                ModelCheckpoint.save(model, outcome.config(), out);
                outcome.record().write(out);
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
}

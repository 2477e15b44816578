package io.pdm.launcher.fl;

import io.pdm.launcher.UsageCommand;
import picocli.CommandLine.Command;

/** {@code pdm fl …}: run the cross-plant aggregator, a plant's federated trainer, or the federated benchmarks. */
@Command(
        name = "fl",
        mixinStandardHelpOptions = true,
        description =
                "Federated LoRA fine-tuning across plants (see federated-trainer/README.md, docs/results/federated.md).",
        subcommands = {
            AggregatorCommand.class,
            PlantCommand.class,
            FlBenchCommand.class,
            EnsembleCommand.class,
            ChooseCommand.class,
            AnnounceCommand.class,
            MergeCommand.class,
            ScoreCommand.class
        })
public final class FlCommand extends UsageCommand {}

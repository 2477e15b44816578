package io.pdm.launcher.model;

import io.pdm.launcher.UsageCommand;
import picocli.CommandLine.Command;

/** {@code pdm model …}: train, pretrain, fine-tune and evaluate the platform's transformer on C-MAPSS. */
@Command(
        name = "model",
        mixinStandardHelpOptions = true,
        description = "Train and evaluate the transformer (see docs/results/).",
        subcommands = {
            TrainCommand.class,
            PretrainCommand.class,
            FinetuneCommand.class,
            EvalCommand.class,
            TuneCommand.class,
            BenchModelCommand.class,
            TrainWriterCommand.class
        })
public final class ModelCommand extends UsageCommand {}

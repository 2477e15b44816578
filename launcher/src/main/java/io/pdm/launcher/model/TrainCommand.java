package io.pdm.launcher.model;

import ai.djl.ndarray.NDManager;
import io.pdm.model.checkpoint.ModelCheckpoint;
import io.pdm.model.cmapss.CmapssData;
import io.pdm.model.cmapss.CmapssModels;
import io.pdm.model.cmapss.CmapssTraining;
import io.pdm.model.cmapss.FineTuning;
import io.pdm.model.config.ModelConfig;
import io.pdm.model.nn.PdmTransformer;
import io.pdm.model.nn.TransformerShape;
import io.pdm.model.train.ConsoleProgress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code pdm model train}: a model from scratch on all training engines of each subset (pooled training). */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train from scratch on each subset's training engines and evaluate on its test set.")
final class TrainCommand implements Callable<Integer> {
    @Option(names = "--cmapss", required = true, description = "Directory with train_FD00N.txt, test_FD00N.txt, RUL_FD00N.txt.")
    Path cmapss;

    @Option(names = "--subset", split = ",", defaultValue = "FD001", description = "Subsets, comma-separated (default ${DEFAULT-VALUE}).")
    List<String> subsets;

    @Option(names = "--out", description = "Save each trained model to OUT/<subset> (Hugging Face layout).")
    Path out;

    @Mixin TrainingArgs training;
    @Mixin SizeArgs size;

    @Override
    public Integer call() throws Exception {
        for (String subset : subsets) {
            CmapssData data = CmapssData.prepare(cmapss, subset, training.protocol(), CmapssData.Selection.all(training.seed));
            ModelConfig config = CmapssModels.config(size.size(), data.preprocessor().channels(), training.protocol().rulCap());
            try (NDManager manager = NDManager.newBaseManager();
                 PdmTransformer model = PdmTransformer.initialize(TransformerShape.of(config), manager, training.seed)) {
                CmapssTraining.Outcome outcome = CmapssTraining.run(model, data, training.options(),
                        CmapssTraining.DEFAULT_WEIGHTS, ConsoleProgress.onStdout(subset));
                Reports.print("pooled training", outcome);
                if (out != null) {
                    ModelCheckpoint.save(model, config, out.resolve(subset));
                    FineTuning.writePreprocessor(outcome.preprocessor(), out.resolve(subset));
                }
            }
        }
        return 0;
    }
}

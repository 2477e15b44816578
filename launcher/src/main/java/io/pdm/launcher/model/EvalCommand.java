package io.pdm.launcher.model;

import ai.djl.ndarray.NDManager;
import io.pdm.model.checkpoint.ModelCheckpoint;
import io.pdm.model.cmapss.FineTuning;
import io.pdm.model.cmapss.RulPredictor;
import io.pdm.model.data.cmapss.CmapssPreprocessor;
import io.pdm.model.data.cmapss.CmapssSubset;
import io.pdm.model.data.cmapss.PublishedResults;
import io.pdm.model.data.cmapss.RulEvaluation;
import io.pdm.model.data.cmapss.WindowSet;
import io.pdm.model.data.cmapss.Windows;
import io.pdm.model.lora.PeftAdapter;
import io.pdm.model.nn.PdmTransformer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code pdm model eval}: the standard test protocol for a saved model, optionally with an adapter. */
@Command(
        name = "eval",
        mixinStandardHelpOptions = true,
        description =
                "Evaluate a model (and adapter) on a subset's test set: RMSE and PHM08 score on the last window of each engine.")
final class EvalCommand implements Callable<Integer> {
    private static final long MAX_ADAPTER_BYTES = 1L << 30;

    @Option(names = "--model", required = true, description = "Model directory (config.json + model.safetensors).")
    Path model;

    @Option(names = "--adapter", description = "LoRA adapter directory (PEFT layout).")
    Path adapter;

    @Option(names = "--cmapss", required = true, description = "C-MAPSS directory.")
    Path cmapss;

    @Option(names = "--subset", required = true, description = "Subset, e.g. FD001.")
    String subset;

    @Override
    public Integer call() throws Exception {
        // The normalisation travels with what was trained last: the adapter if any, else the model.
        Path normalisation =
                adapter != null && Files.exists(adapter.resolve(FineTuning.PREPROCESSING)) ? adapter : model;
        CmapssPreprocessor preprocessor = FineTuning.readPreprocessor(normalisation);
        CmapssSubset data = CmapssSubset.load(cmapss, subset);
        WindowSet test = Windows.lastPerEngine(data.test(), data.testRul(), preprocessor);
        try (NDManager manager = NDManager.newBaseManager();
                PdmTransformer m = ModelCheckpoint.load(model, manager)) {
            if (adapter != null) {
                m.attachLora(PeftAdapter.load(adapter, MAX_ADAPTER_BYTES));
            }
            RulEvaluation result = RulPredictor.evaluate(m, subset, test);
            System.out.printf(
                    Locale.ROOT,
                    "%s: RMSE %.2f, PHM08 score %.1f on %d test engines%n%n",
                    subset,
                    result.rmse(),
                    result.score(),
                    result.count());
            System.out.println(PublishedResults.table(subset, result));
        }
        return 0;
    }
}

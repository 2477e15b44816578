package io.pdm.launcher.model;

import ai.djl.ndarray.NDManager;
import io.pdm.bench.model.ModelBench;
import io.pdm.model.checkpoint.ModelCheckpoint;
import io.pdm.model.cmapss.CmapssData;
import io.pdm.model.cmapss.CmapssModels;
import io.pdm.model.config.ModelConfig;
import io.pdm.model.nn.PdmTransformer;
import io.pdm.model.nn.TransformerShape;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code pdm model bench}: training and inference speed of the model on this machine. */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description =
                "Training windows/s, inference latency per window (p50/p99) and generation tokens/s with and without the KV cache.")
final class BenchModelCommand implements Callable<Integer> {
    @Option(names = "--cmapss", required = true, description = "C-MAPSS directory (FD001 windows are the workload).")
    Path cmapss;

    @Option(names = "--model", description = "A saved model to measure instead of a fresh one of the given size.")
    Path model;

    @Option(
            names = "--runs",
            defaultValue = "500",
            description = "Single-window inferences to time (default ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--tokens", defaultValue = "128", description = "Tokens to generate (default ${DEFAULT-VALUE}).")
    int tokens;

    @Mixin
    TrainingArgs training;

    @Mixin
    SizeArgs size;

    @Override
    public Integer call() throws Exception {
        CmapssData data =
                CmapssData.prepare(cmapss, "FD001", training.protocol(), CmapssData.Selection.all(training.seed));
        ModelConfig config = CmapssModels.config(
                size.size(), data.preprocessor().channels(), training.protocol().rulCap());
        try (NDManager manager = NDManager.newBaseManager();
                PdmTransformer m = model != null
                        ? ModelCheckpoint.load(model, manager)
                        : PdmTransformer.initialize(TransformerShape.of(config), manager, training.seed)) {
            System.out.printf(
                    "model: hidden %d, %d layers, patch %d, window %d; %d CPU cores%n",
                    m.shape().hidden(),
                    m.shape().layers(),
                    m.shape().patchSize(),
                    training.window,
                    Runtime.getRuntime().availableProcessors());
            System.out.println(ModelBench.run(m, data.training(), runs, tokens).report());
        }
        return 0;
    }
}

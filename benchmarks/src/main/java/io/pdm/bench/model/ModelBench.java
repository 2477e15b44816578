package io.pdm.bench.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import io.pdm.model.cmapss.WindowExamples;
import io.pdm.model.data.HealthStage;
import io.pdm.model.data.cmapss.WindowSet;
import io.pdm.model.nn.PdmTransformer;
import io.pdm.model.nn.TextGenerator;
import io.pdm.model.train.LossWeights;
import io.pdm.model.train.ModelTrainer;
import io.pdm.model.train.Objective;
import io.pdm.model.train.TrainingMonitor;
import io.pdm.model.train.TrainingOptions;
import java.util.Arrays;
import java.util.Locale;

/**
 * Speed of a model on this machine: training windows/s, inference latency per window (p50/p99) and
 * batched throughput, and text generation tokens/s with the KV cache against recomputing the prefix
 * (the baseline measured in the same run).
 */
public final class ModelBench {

    public record Result(
            double trainWindowsPerSecond,
            double latencyP50Millis,
            double latencyP99Millis,
            double batchedWindowsPerSecond,
            double tokensPerSecondCached,
            double tokensPerSecondRecomputed) {
        public String report() {
            return String.format(
                    Locale.ROOT,
                    """
                    training          %,10.0f windows/s
                    inference         p50 %.2f ms, p99 %.2f ms per single window; %,.0f windows/s in batches of 256
                    generation        %,10.1f tokens/s with the KV cache, %,.1f tokens/s recomputing (%.1fx)""",
                    trainWindowsPerSecond,
                    latencyP50Millis,
                    latencyP99Millis,
                    batchedWindowsPerSecond,
                    tokensPerSecondCached,
                    tokensPerSecondRecomputed,
                    tokensPerSecondCached / tokensPerSecondRecomputed);
        }
    }

    private ModelBench() {}

    /**
     * @param windows real windows (their count sets the training work of one epoch)
     */
    public static Result run(PdmTransformer model, WindowSet windows, int latencyRuns, int generatedTokens) {
        TrainingOptions one = TrainingOptions.defaults().withEpochs(1).withPatience(0);
        double training = ModelTrainer.train(
                        model,
                        new WindowExamples(windows, model.shape().rulScale(), HealthStage.Thresholds.DEFAULT),
                        new Objective(LossWeights.rulOnly()),
                        one,
                        null,
                        TrainingMonitor.SILENT)
                .examplesPerSecond();

        NDManager manager = model.manager();
        int stride = windows.length() * windows.channels();
        double[] millis = new double[latencyRuns];
        for (int i = -latencyRuns / 10; i < latencyRuns; i++) {
            int n = Math.floorMod(i, windows.count());
            float[] x = Arrays.copyOfRange(windows.values(), n * stride, (n + 1) * stride);
            long start = System.nanoTime();
            try (NDScope scope = new NDScope()) {
                model.forward(manager.create(x, new Shape(1, windows.length(), windows.channels())), null, null, false)
                        .rul()
                        .toFloatArray();
            }
            if (i >= 0) {
                millis[i] = (System.nanoTime() - start) / 1e6;
            }
        }
        Arrays.sort(millis);

        int batch = Math.min(256, windows.count());
        long start = System.nanoTime();
        int rounds = 5;
        for (int r = 0; r < rounds; r++) {
            try (NDScope scope = new NDScope()) {
                NDArray x = manager.create(
                        Arrays.copyOf(windows.values(), batch * stride),
                        new Shape(batch, windows.length(), windows.channels()));
                model.forward(x, null, null, false).rul().toFloatArray();
            }
        }
        double batched = rounds * batch / ((System.nanoTime() - start) / 1e9);

        double cached = tokensPerSecond(model, windows, generatedTokens, true);
        double recomputed = tokensPerSecond(model, windows, generatedTokens, false);
        return new Result(training, percentile(millis, 0.5), percentile(millis, 0.99), batched, cached, recomputed);
    }

    private static double tokensPerSecond(PdmTransformer model, WindowSet windows, int tokens, boolean cache) {
        int stride = windows.length() * windows.channels();
        try (NDScope scope = new NDScope()) {
            NDArray window = model.manager()
                    .create(
                            Arrays.copyOf(windows.values(), stride),
                            new Shape(1, windows.length(), windows.channels()));
            int[] prompt = new int[32];
            Arrays.fill(prompt, 'a');
            // stopToken -1: never stops early, so both runs generate the same number of tokens.
            TextGenerator.Sampling sampling = new TextGenerator.Sampling(tokens, 0.8, 20, 1, -1, cache);
            TextGenerator.generate(model, window, prompt, new TextGenerator.Sampling(4, 0.8, 20, 1, -1, cache));
            long start = System.nanoTime();
            int produced = TextGenerator.generate(model, window, prompt, sampling).length;
            return produced / ((System.nanoTime() - start) / 1e9);
        }
    }

    static double percentile(double[] sorted, double q) {
        int index = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
}

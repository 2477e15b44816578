package io.pdm.model.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.CosineTracker;
import ai.djl.training.tracker.Tracker;
import ai.djl.training.tracker.WarmUpTracker;
import io.pdm.model.nn.PdmTransformer;
import io.pdm.model.tensor.TensorDict;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.function.ToDoubleFunction;

/**
 * The training loop: shuffled mini-batches, AdamW with linear warm-up and cosine decay, global-norm
 * gradient clipping, early stopping on a validation score with the best weights restored (optionally of
 * a moving average of the weights, {@link TrainingOptions#averageDecay()}). Trains
 * whatever {@link PdmTransformer#trainableParameters()} returns, so the same loop does full and LoRA
 * fine-tuning (the frozen base never requires a gradient).
 */
public final class ModelTrainer {

    /** The outcome of a run; the model holds the best epoch's weights afterwards. */
    /** @param skippedSteps steps whose loss or gradient was not finite and so were not applied */
    public record Result(
            List<TrainingMonitor.EpochReport> epochs,
            int bestEpoch,
            double bestScore,
            Duration wallTime,
            double examplesPerSecond,
            int skippedSteps) {}

    private ModelTrainer() {}

    /**
     * @param validation scores the model after each epoch, lower is better; null trains all epochs
     */
    public static Result train(
            PdmTransformer model,
            TrainingExamples data,
            Objective objective,
            TrainingOptions options,
            ToDoubleFunction<PdmTransformer> validation,
            TrainingMonitor monitor) {
        return train(model, data, objective, options, validation, monitor, StepGradients.MEAN);
    }

    /**
     * As above, with each step's gradients from {@code gradients} (e.g. DP-SGD, or a FedProx proximal term added)
     * instead of the plain mini-batch gradient.
     */
    public static Result train(
            PdmTransformer model,
            TrainingExamples data,
            Objective objective,
            TrainingOptions options,
            ToDoubleFunction<PdmTransformer> validation,
            TrainingMonitor monitor,
            StepGradients gradients) {
        Engine.getInstance().setRandomSeed((int) options.seed());
        Map<String, NDArray> parameters = model.trainableParameters();
        parameters.values().forEach(p -> p.setRequiresGradient(true));
        int stepsPerEpoch = (data.size() + options.batchSize() - 1) / options.batchSize();
        int totalSteps = stepsPerEpoch * options.epochs();
        Tracker schedule = schedule(options, totalSteps);

        Random order = new Random(options.seed());
        List<TrainingMonitor.EpochReport> reports = new ArrayList<>();
        Map<String, float[]> best = null;
        double bestScore = Double.POSITIVE_INFINITY;
        int bestEpoch = 0;
        int sinceBest = 0;
        long start = System.nanoTime();
        long examples = 0;
        int step = 0;
        int skipped = 0;
        int firstEpoch = 1;
        TrainingCheckpoint checkpoint =
                options.checkpointDirectory() == null ? null : new TrainingCheckpoint(options.checkpointDirectory());
        String run = runIdentity(data, options, parameters);
        TrainingCheckpoint.Saved saved =
                checkpoint == null ? null : checkpoint.load(run).orElse(null);
        if (saved != null) {
            TrainingCheckpoint.State state = saved.state();
            restore(parameters, saved.current());
            best = saved.best();
            bestScore = state.bestScore();
            bestEpoch = state.bestEpoch();
            sinceBest = state.sinceBest();
            skipped = state.skipped();
            examples = state.examples();
            step = state.step();
            start -= state.elapsedNanos();
            state.reports().forEach(r -> reports.add(r.report()));
            for (int e = 1; e <= state.epoch(); e++) {
                permutation(data.size(), order); // the same batch order as an uninterrupted run
            }
            firstEpoch = state.epoch() + 1;
        }
        // A resumed run's fresh optimizer counts updates from zero; the schedule continues where the run was.
        int resumedAt = step;
        Tracker continued = update -> schedule.getNewValue(update + resumedAt);
        Optimizer decayed = Optimizer.adamW()
                .optLearningRateTracker(continued)
                .optWeightDecays(options.weightDecay())
                .build();
        Optimizer undecayed = Optimizer.adamW()
                .optLearningRateTracker(continued)
                .optWeightDecays(0f)
                .build();
        WeightAverage average =
                options.averageDecay() > 0 ? new WeightAverage(parameters, options.averageDecay()) : null;
        boolean stopped = saved != null && options.patience() > 0 && sinceBest >= options.patience();
        try {
            for (int epoch = firstEpoch; epoch <= options.epochs() && !stopped; epoch++) {
                long epochStart = System.nanoTime();
                int[] permutation = permutation(data.size(), order);
                double lossSum = 0;
                int counted = 0;
                for (int s = 0; s < stepsPerEpoch; s++) {
                    int from = s * options.batchSize();
                    int[] indices = java.util.Arrays.copyOfRange(
                            permutation, from, Math.min(from + options.batchSize(), data.size()));
                    double loss = step(
                            model,
                            data,
                            objective,
                            gradients,
                            indices,
                            parameters,
                            options.gradientClipNorm(),
                            decayed,
                            undecayed);
                    if (Double.isNaN(loss)) {
                        // A non-finite loss or gradient is skipped, never applied: one bad batch must not poison the
                        // weights.
                        skipped++;
                        if (skipped > Math.max(10, totalSteps / 100)) {
                            throw new IllegalStateException(
                                    skipped + " steps had a non-finite loss or gradient; lower the learning rate");
                        }
                    } else {
                        lossSum += loss;
                        counted++;
                        if (average != null) {
                            average.update();
                        }
                    }
                    examples += indices.length;
                    step++;
                    double perStep = (System.nanoTime() - start) / (double) step;
                    monitor.onStep(
                            epoch,
                            options.epochs(),
                            s + 1,
                            stepsPerEpoch,
                            lossSum / Math.max(1, counted),
                            Duration.ofNanos((long) (perStep * (totalSteps - step))));
                }
                double epochSeconds = (System.nanoTime() - epochStart) / 1e9;
                double score = validation == null
                        ? Double.NaN
                        : average == null ? validation.applyAsDouble(model) : average.score(validation, model);
                boolean improved = validation != null && score < bestScore;
                if (improved) {
                    bestScore = score;
                    bestEpoch = epoch;
                    best = average == null ? snapshot(parameters) : average.values();
                    sinceBest = 0;
                } else {
                    sinceBest++;
                }
                TrainingMonitor.EpochReport report = new TrainingMonitor.EpochReport(
                        epoch,
                        lossSum / Math.max(1, counted),
                        score,
                        improved,
                        schedule.getNewValue(step),
                        Duration.ofNanos(System.nanoTime() - start),
                        data.size() / epochSeconds);
                reports.add(report);
                stopped = options.patience() > 0 && sinceBest >= options.patience();
                if (checkpoint != null) { // before the monitor hears of the epoch: what it reports is already saved
                    checkpoint.save(
                            new TrainingCheckpoint.State(
                                    run,
                                    epoch,
                                    step,
                                    bestScore,
                                    bestEpoch,
                                    sinceBest,
                                    skipped,
                                    examples,
                                    System.nanoTime() - start,
                                    reports.stream()
                                            .map(TrainingCheckpoint.Epoch::of)
                                            .toList()),
                            tensors(parameters, snapshot(parameters)),
                            best == null ? null : tensors(parameters, best));
                }
                monitor.onEpoch(report);
            }
            if (best == null && average != null) {
                best = average.values(); // without validation the run ends with the averaged weights
                bestEpoch = reports.size();
            }
        } finally {
            parameters.values().forEach(p -> p.setRequiresGradient(false));
            if (average != null) {
                average.close();
            }
        }
        if (best != null) {
            restore(parameters, best);
        } else {
            bestEpoch = reports.size();
        }
        Duration wall = Duration.ofNanos(System.nanoTime() - start);
        return new Result(reports, bestEpoch, bestScore, wall, examples / (wall.toNanos() / 1e9), skipped);
    }

    private static double step(
            PdmTransformer model,
            TrainingExamples data,
            Objective objective,
            StepGradients gradients,
            int[] indices,
            Map<String, NDArray> parameters,
            float clipNorm,
            Optimizer decayed,
            Optimizer undecayed) {
        double loss;
        double squaredNorm = 0;
        try (NDScope scope = new NDScope()) {
            Batch batch = data.batch(model.manager(), indices);
            loss = gradients.compute(model, batch, objective, parameters);
            for (NDArray p : parameters.values()) {
                squaredNorm += p.getGradient().square().sum().getFloat();
            }
        }
        double norm = Math.sqrt(squaredNorm);
        boolean finite = Double.isFinite(loss) && Double.isFinite(norm);
        float factor = clipNorm > 0 && norm > clipNorm ? (float) (clipNorm / norm) : 1f;
        // Optimizer state is created on the first update and must outlive any scope, hence outside it.
        for (Map.Entry<String, NDArray> e : parameters.entrySet()) {
            NDArray p = e.getValue();
            try (NDArray gradient = p.getGradient()) {
                if (finite) {
                    if (factor < 1f) {
                        gradient.muli(factor);
                    }
                    (decays(e.getKey(), p) ? decayed : undecayed).update(e.getKey(), p, gradient);
                }
                // Assigning zero (not subtracting the gradient from itself) also clears Inf and NaN.
                gradient.set(new NDIndex("..."), 0f);
            }
        }
        return finite ? loss : Double.NaN;
    }

    /** Weight decay on matrices only; norms and biases keep their scale (the usual AdamW practice). */
    private static boolean decays(String name, NDArray p) {
        return p.getShape().dimension() >= 2 && !name.contains("lora_B");
    }

    static Tracker schedule(TrainingOptions options, int totalSteps) {
        int warmup = (int) Math.round(options.warmupFraction() * totalSteps);
        Tracker cosine = CosineTracker.builder()
                .setBaseValue(options.learningRate())
                .optFinalValue(options.learningRate() * options.finalLrFraction())
                .setMaxUpdates(Math.max(1, totalSteps - warmup))
                .build();
        return warmup == 0
                ? cosine
                : WarmUpTracker.builder()
                        .setMainTracker(cosine)
                        .optWarmUpSteps(warmup)
                        .optWarmUpBeginValue(options.learningRate() / Math.max(1, warmup))
                        .build();
    }

    private static int[] permutation(int n, Random random) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    private static Map<String, float[]> snapshot(Map<String, NDArray> parameters) {
        Map<String, float[]> copy = new HashMap<>();
        parameters.forEach((name, p) -> copy.put(name, p.toFloatArray()));
        return copy;
    }

    /** What a checkpoint must match to be resumed: the data's size, the schedule, the seed and the trained tensors. */
    private static String runIdentity(TrainingExamples data, TrainingOptions options, Map<String, NDArray> parameters) {
        return String.format(
                Locale.ROOT,
                "examples=%d epochs=%d batch=%d seed=%d lr=%s parameters=%s",
                data.size(),
                options.epochs(),
                options.batchSize(),
                options.seed(),
                options.learningRate(),
                new TreeSet<>(parameters.keySet()).hashCode());
    }

    /** Host copies under the parameters' names and shapes, for the checkpoint. */
    private static TensorDict tensors(Map<String, NDArray> parameters, Map<String, float[]> values) {
        TensorDict.Builder builder = TensorDict.builder();
        parameters.forEach(
                (name, p) -> builder.put(name, values.get(name), p.getShape().getShape()));
        return builder.build();
    }

    private static void restore(Map<String, NDArray> parameters, Map<String, float[]> values) {
        parameters.forEach((name, p) -> p.set(values.get(name)));
    }
}

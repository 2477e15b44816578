package io.pdm.federated.training;

import ai.djl.ndarray.NDManager;
import io.pdm.model.checkpoint.ModelCheckpoint;
import io.pdm.model.cmapss.CmapssTraining;
import io.pdm.model.cmapss.RulEnsemble;
import io.pdm.model.cmapss.RulPredictor;
import io.pdm.model.data.cmapss.RulEvaluation;
import io.pdm.model.data.cmapss.RulMetrics;
import io.pdm.model.data.cmapss.WindowSet;
import io.pdm.model.nn.PdmTransformer;
import io.pdm.model.train.ModelTrainer;
import io.pdm.model.train.Objective;
import io.pdm.model.train.TrainingMonitor;
import io.pdm.model.train.TrainingOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The strongest central baselines a federation is measured against: every weight of the model trained on all plants'
 * training windows at once, either from scratch with the ensemble recipe of {@code pdm model train} or starting from
 * the base model (full fine-tuning, the recipe of {@code pdm model finetune} without LoRA). The data are exactly the
 * windows the plants' LoRA rounds draw from ({@link CmapssLoraTraining#examples()}), the epoch is chosen on the
 * plants' own held-out engines, and each plant's row scores its own test set (or, in a tuning run, its tuning
 * engines), so the rows differ from the federated ones only in who may see the data and which weights learn.
 */
public final class PooledFullTraining {

    /**
     * How to train.
     *
     * @param fromBase  start from the base model's weights (full fine-tuning) instead of a fresh initialisation
     * @param epochs    passes over the pooled windows; the best epoch on the plants' held-out engines is kept
     * @param ensemble  models with seeds seed, seed + 1, … whose test predictions are averaged
     */
    public record Recipe(boolean fromBase, int epochs, int ensemble, float learningRate, int batchSize) {
        public Recipe {
            if (epochs < 1 || ensemble < 1 || !(learningRate > 0) || batchSize < 1) {
                throw new IllegalArgumentException("need epochs, ensemble, lr and batch > 0: " + epochs + ", "
                        + ensemble + ", " + learningRate + ", " + batchSize);
            }
        }

        /** {@code pdm model train}: 25 epochs, an ensemble of 5, lr 1e-3, batch 256 (docs/results/model.md). */
        public static final Recipe SCRATCH = new Recipe(false, 25, 5, 1e-3f, 256);

        /** {@code pdm model finetune} without LoRA: 15 epochs of the base, one model, lr 1e-3, batch 256. */
        public static final Recipe FINE_TUNE = new Recipe(true, 15, 1, 1e-3f, 256);

        public Recipe withBudget(int newEpochs, int newEnsemble) {
            return new Recipe(fromBase, newEpochs, newEnsemble, learningRate, batchSize);
        }

        public String describe() {
            return String.format(
                    java.util.Locale.ROOT,
                    "%s, %d epochs, ensemble of %d, lr %.0e, batch %d",
                    fromBase ? "full fine-tuning of the base" : "full training from scratch",
                    epochs,
                    ensemble,
                    learningRate,
                    batchSize);
        }
    }

    /**
     * @param byPlant    each plant's evaluation of the (ensemble's mean) prediction, by the plant's position
     * @param windows    training windows the models learnt from: the sum of the plants' windows
     * @param bestEpochs each member's epoch with the best pooled held-out RMSE
     */
    public record Outcome(List<RulEvaluation> byPlant, int windows, List<Integer> bestEpochs) {}

    private PooledFullTraining() {}

    /** Trains the recipe on every plant's windows and evaluates each plant's test set. */
    public static Outcome run(List<CmapssLoraTraining> plants, Recipe recipe, long seed) {
        ConcatenatedExamples pooled = new ConcatenatedExamples(
                plants.stream().map(CmapssLoraTraining::examples).toList());
        List<WindowSet> heldOut = plants.stream()
                .map(CmapssLoraTraining::validation)
                .filter(java.util.Objects::nonNull)
                .toList();
        List<List<float[]>> predictions = new ArrayList<>();
        plants.forEach(p -> predictions.add(new ArrayList<>()));
        List<Integer> bestEpochs = new ArrayList<>();
        for (int member = 0; member < recipe.ensemble(); member++) {
            long memberSeed = seed + member;
            TrainingOptions options = TrainingOptions.defaults()
                    .withEpochs(recipe.epochs())
                    .withBatchSize(recipe.batchSize())
                    .withLearningRate(recipe.learningRate())
                    .withPatience(0)
                    .withSeed(memberSeed);
            synchronized (LoraRounds.ENGINE) { // DJL's random seed is engine-wide
                try (NDManager manager = NDManager.newBaseManager();
                        PdmTransformer model = recipe.fromBase()
                                ? ModelCheckpoint.load(plants.get(0).baseDir(), manager)
                                : PdmTransformer.initialize(
                                        plants.get(0).model().shape(), manager, memberSeed)) {
                    ModelTrainer.Result result = ModelTrainer.train(
                            model,
                            pooled,
                            new Objective(CmapssTraining.DEFAULT_WEIGHTS),
                            options,
                            heldOut.isEmpty() ? null : m -> pooledRmse(m, heldOut),
                            TrainingMonitor.SILENT);
                    bestEpochs.add(result.bestEpoch());
                    for (int i = 0; i < plants.size(); i++) {
                        predictions.get(i).add(RulPredictor.predict(model, requireTest(plants.get(i))));
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        List<RulEvaluation> byPlant = new ArrayList<>();
        for (int i = 0; i < plants.size(); i++) {
            WindowSet test = requireTest(plants.get(i));
            byPlant.add(new RulEnsemble(plants.get(i).name(), predictions.get(i), test.rulTargets()).evaluate());
        }
        return new Outcome(byPlant, pooled.size(), bestEpochs);
    }

    /** RMSE over every held-out window of every plant, as one set (bigger plants weigh more, as in training). */
    static double pooledRmse(PdmTransformer model, List<WindowSet> heldOut) {
        List<float[]> predicted = new ArrayList<>();
        List<float[]> truth = new ArrayList<>();
        for (WindowSet set : heldOut) {
            predicted.add(RulPredictor.predict(model, set));
            truth.add(set.rulTargets());
        }
        return RulMetrics.rmse(concat(predicted), concat(truth));
    }

    private static float[] concat(List<float[]> parts) {
        int n = parts.stream().mapToInt(a -> a.length).sum();
        float[] all = new float[n];
        int at = 0;
        for (float[] part : parts) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return all;
    }

    private static WindowSet requireTest(CmapssLoraTraining plant) {
        if (plant.test() == null) {
            throw new IllegalStateException(plant.name() + " has no test set to score the pooled model on");
        }
        return plant.test();
    }

    /** The evaluations by plant name, in the plants' order. */
    public static Map<String, RulEvaluation> byName(List<String> names, Outcome outcome) {
        Map<String, RulEvaluation> map = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            map.put(names.get(i), outcome.byPlant().get(i));
        }
        return map;
    }
}

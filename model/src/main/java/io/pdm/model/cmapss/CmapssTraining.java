package io.pdm.model.cmapss;

import io.pdm.model.data.HealthStage;
import io.pdm.model.data.cmapss.CmapssPreprocessor;
import io.pdm.model.data.cmapss.RulEvaluation;
import io.pdm.model.data.cmapss.RulMetrics;
import io.pdm.model.nn.PdmTransformer;
import io.pdm.model.train.LossWeights;
import io.pdm.model.train.ModelTrainer;
import io.pdm.model.train.Objective;
import io.pdm.model.train.TrainingMonitor;
import io.pdm.model.train.TrainingOptions;

/** Trains a model on one subset's windows with early stopping on held-out engines, then evaluates on the test set. */
public final class CmapssTraining {
    /** RUL regression first; the health stage is an auxiliary objective. */
    public static final LossWeights DEFAULT_WEIGHTS = new LossWeights(1, 0.1, 0);

    /**
     * @param test            the test evaluation, or null when the data has no test set
     * @param testPredictions the model's RUL for each test engine, in cycles (for ensembles), or null likewise
     * @param preprocessor    the normalisation fitted on this run's training engines (ship it with the model)
     */
    public record Outcome(
            RulEvaluation test,
            float[] testPredictions,
            double validationRmse,
            ModelTrainer.Result training,
            CmapssPreprocessor preprocessor) {}

    private CmapssTraining() {}

    public static Outcome run(
            PdmTransformer model,
            CmapssData data,
            TrainingOptions options,
            LossWeights weights,
            TrainingMonitor monitor) {
        return run(model, data, options, weights, 0f, monitor);
    }

    /** @param inputNoiseStd Gaussian noise added to the training inputs (z-score units, 0 = none) */
    public static Outcome run(
            PdmTransformer model,
            CmapssData data,
            TrainingOptions options,
            LossWeights weights,
            float inputNoiseStd,
            TrainingMonitor monitor) {
        WindowExamples examples = new WindowExamples(
                data.training(),
                model.shape().rulScale(),
                HealthStage.Thresholds.DEFAULT,
                inputNoiseStd,
                options.seed());
        ModelTrainer.Result result = ModelTrainer.train(
                model,
                examples,
                new Objective(weights),
                options,
                data.validation() == null
                        ? null
                        : m -> RulMetrics.rmse(
                                RulPredictor.predict(m, data.validation()),
                                data.validation().rulTargets()),
                monitor);
        if (data.test() == null) {
            // No test set (a plant's own engines, or a tuning run): the caller scores what it holds out.
            return new Outcome(null, null, result.bestScore(), result, data.preprocessor());
        }
        float[] predictions = RulPredictor.predict(model, data.test());
        RulEvaluation test = RulMetrics.evaluate(
                data.subset().name(), predictions, data.test().rulTargets());
        return new Outcome(test, predictions, result.bestScore(), result, data.preprocessor());
    }
}

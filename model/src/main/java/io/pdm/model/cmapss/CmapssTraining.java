package io.pdm.model.cmapss;

import io.pdm.model.data.HealthStage;
import io.pdm.model.data.cmapss.CmapssPreprocessor;
import io.pdm.model.data.cmapss.RulEvaluation;
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

    /** @param preprocessor the normalisation fitted on this run's training engines (ship it with the model) */
    public record Outcome(RulEvaluation test, double validationRmse, ModelTrainer.Result training,
                          CmapssPreprocessor preprocessor) {
    }

    private CmapssTraining() {
    }

    public static Outcome run(PdmTransformer model, CmapssData data, TrainingOptions options, LossWeights weights,
                              TrainingMonitor monitor) {
        WindowExamples examples = new WindowExamples(data.training(), model.shape().rulScale(), HealthStage.Thresholds.DEFAULT);
        ModelTrainer.Result result = ModelTrainer.train(model, examples, new Objective(weights), options,
                data.validation() == null ? null
                        : m -> RulPredictor.evaluate(m, data.subset().name(), data.validation()).rmse(),
                monitor);
        RulEvaluation test = RulPredictor.evaluate(model, data.subset().name(), data.test());
        return new Outcome(test, result.bestScore(), result, data.preprocessor());
    }
}

package io.pdm.model.cmapss;

import ai.djl.ndarray.NDManager;
import io.pdm.model.config.ModelConfig;
import io.pdm.model.data.HealthStage;
import io.pdm.model.data.cmapss.CmapssSubset;
import io.pdm.model.data.cmapss.ProtocolOptions;
import io.pdm.model.data.cmapss.RulMetrics;
import io.pdm.model.data.cmapss.WindowSet;
import io.pdm.model.life.CmapssProtocols;
import io.pdm.model.life.LifeProtocol;
import io.pdm.model.nn.PdmTransformer;
import io.pdm.model.nn.TransformerShape;
import io.pdm.model.text.ByteTokenizer;
import io.pdm.model.text.MaintenanceCorpus;
import io.pdm.model.text.MaintenanceText;
import io.pdm.model.train.LossWeights;
import io.pdm.model.train.MixedExamples;
import io.pdm.model.train.ModelTrainer;
import io.pdm.model.train.Objective;
import io.pdm.model.train.TextExamples;
import io.pdm.model.train.TrainingExamples;
import io.pdm.model.train.TrainingMonitor;
import io.pdm.model.train.TrainingOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The "cloud tier": pretrains the shared base model on public data only — the OEM share of each
 * C-MAPSS subset's training engines (never the engines plants keep) and the public maintenance texts.
 */
public final class Pretraining {
    /** Tokens of maintenance text per example. */
    public static final int TEXT_LENGTH = 128;
    /** Texts per training step, next to the step's windows. */
    public static final int TEXTS_PER_STEP = 16;

    /**
     * @param textsDir   the maintenance-log corpus, or null for sensor objectives only
     * @param textWeight weight of the next-token loss next to the RUL loss
     */
    public record Settings(
            Path cmapssDir,
            List<String> subsets,
            double oemFraction,
            Path textsDir,
            double textWeight,
            CmapssModels.Size size,
            ProtocolOptions protocol,
            TrainingOptions training) {}

    /**
     * The trained base (owned by the caller) and what it was trained on.
     *
     * @param protocol the input protocol, to save as {@code pdm_protocol.json} so plants use the same window
     */
    public record Outcome(PdmTransformer model, ModelConfig config, PretrainingRecord record, LifeProtocol protocol) {}

    private Pretraining() {}

    public static Outcome run(Settings settings, NDManager manager, TrainingMonitor monitor) throws IOException {
        return run(settings, CmapssSubset::load, manager, monitor);
    }

    /**
     * @param loader how each subset is read: a tuning run passes {@link CmapssSubset#loadTraining}, as pretraining
     *               uses training engines only and must not touch a test file
     */
    public static Outcome run(Settings settings, CmapssSubset.Loader loader, NDManager manager, TrainingMonitor monitor)
            throws IOException {
        List<WindowSet> training = new ArrayList<>();
        List<WindowSet> validation = new ArrayList<>();
        List<Integer> engines = new ArrayList<>();
        int channels = -1;
        List<String> channelNames = List.of();
        for (String subset : settings.subsets()) {
            CmapssData data = CmapssData.prepare(
                    loader.load(settings.cmapssDir(), subset),
                    settings.protocol(),
                    new CmapssData.Selection(
                            CmapssData.EngineShare.OEM,
                            settings.oemFraction(),
                            0.1,
                            settings.training().seed()),
                    0);
            training.add(data.training());
            validation.add(data.validation());
            engines.add(data.trainingEngines().size());
            channels = data.preprocessor().channels();
            channelNames = data.preprocessor().channelNames();
        }
        WindowSet windows = WindowSets.concat(training);
        WindowSet held = WindowSets.concat(validation);
        ModelConfig config = CmapssModels.config(
                settings.size(), channels, settings.protocol().rulCap());
        PdmTransformer model = PdmTransformer.initialize(
                TransformerShape.of(config), manager, settings.training().seed());
        TrainingExamples examples =
                new WindowExamples(windows, model.shape().rulScale(), HealthStage.Thresholds.DEFAULT);
        LossWeights weights = CmapssTraining.DEFAULT_WEIGHTS;
        int texts = 0;
        if (settings.textsDir() != null && settings.textWeight() > 0) {
            List<String> corpus = MaintenanceCorpus.load(settings.textsDir()).split(0.1).train().stream()
                    .map(MaintenanceText::text)
                    .toList();
            texts = corpus.size();
            examples = new MixedExamples(
                    examples,
                    new TextExamples(corpus, new ByteTokenizer(), TEXT_LENGTH),
                    TEXTS_PER_STEP,
                    settings.training().seed());
            weights = new LossWeights(weights.rul(), weights.classification(), settings.textWeight());
        }
        try {
            ModelTrainer.Result result = ModelTrainer.train(
                    model,
                    examples,
                    new Objective(weights),
                    settings.training(),
                    m -> RulMetrics.rmse(RulPredictor.predict(m, held), held.rulTargets()),
                    monitor);
            PretrainingRecord record = new PretrainingRecord(
                    settings.subsets(),
                    settings.oemFraction(),
                    engines,
                    windows.count(),
                    texts,
                    settings.textsDir() == null
                            ? null
                            : settings.textsDir().getFileName().toString(),
                    settings.training(),
                    result.bestEpoch(),
                    result.epochs().size(),
                    result.bestScore(),
                    result.wallTime().toSeconds(),
                    result.examplesPerSecond());
            return new Outcome(
                    model, config, record, CmapssProtocols.describe(settings.protocol(), channelNames, config.pdm()));
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }
}

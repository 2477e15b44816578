package io.pdm.model.tuning;

import ai.djl.ndarray.NDManager;
import io.pdm.model.checkpoint.ModelCheckpoint;
import io.pdm.model.cmapss.CmapssData;
import io.pdm.model.cmapss.CmapssTraining;
import io.pdm.model.cmapss.RulPredictor;
import io.pdm.model.data.cmapss.EngineSplit;
import io.pdm.model.data.cmapss.ProtocolOptions;
import io.pdm.model.data.cmapss.WindowSet;
import io.pdm.model.lora.LoraConfig;
import io.pdm.model.nn.PdmTransformer;
import io.pdm.model.train.TrainingMonitor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * LoRA's learning rate and rank, chosen like a plant would: a base pretrained on the public OEM share of the tuned
 * subsets' training files, then an adapter on the plant share (the other training engines) minus engines held out
 * from it, which score it. Fine-tuning validates every cycle of its inner 10 %, as {@code pdm model finetune} does.
 */
final class LoraSearch {
    private LoraSearch() {}

    static CmapssTuner.Scored train(
            TuningSettings settings,
            Path base,
            EngineSplit outer,
            TuningGrid.LoraCandidate candidate,
            Function<String, TrainingMonitor> monitors,
            String subset) {
        long t0 = System.nanoTime();
        TuningGrid grid = settings.grid();
        ProtocolOptions protocol =
                ProtocolOptions.defaults().withWindow(grid.windows().get(0));
        CmapssData fit = CmapssData.fromEngines(
                outer.train(),
                protocol,
                new CmapssData.Selection(
                        CmapssData.EngineShare.ALL, 0, CmapssData.VALIDATION_FRACTION, settings.seed()));
        try (NDManager manager = NDManager.newBaseManager();
                PdmTransformer model = ModelCheckpoint.load(base, manager)) {
            model.attachLora(LoraConfig.of(candidate.rank(), grid.loraAlpha(), 0.05, "pdm-tune-base"), settings.seed());
            CmapssTraining.Outcome outcome = CmapssTraining.run(
                    model,
                    fit,
                    CmapssTuner.options(settings, grid.loraEpochs(), candidate.learningRate(), settings.seed()),
                    CmapssTraining.DEFAULT_WEIGHTS,
                    monitors.apply(subset + " " + candidate.label()));
            WindowSet held = CmapssTuner.heldOutWindows(outer.validation(), fit, protocol);
            return new CmapssTuner.Scored(
                    RulPredictor.predict(model, held),
                    held.rulTargets(),
                    outcome.training().bestEpoch(),
                    (System.nanoTime() - t0) / 1_000_000_000L);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Map<String, Object> parameters(TuningGrid.LoraCandidate candidate, TuningGrid grid) {
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("lora_lr", candidate.learningRate());
        parameters.put("lora_rank", candidate.rank());
        parameters.put("lora_alpha", grid.loraAlpha());
        parameters.put("epochs", grid.loraEpochs());
        return parameters;
    }

    static void deleteQuietly(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // A temp directory left behind is harmless; the result does not depend on it.
        }
    }
}

package io.pdm.model.cmapss;

import io.pdm.model.data.cmapss.CmapssPreprocessor;
import io.pdm.model.data.cmapss.ProtocolOptions;
import io.pdm.model.lora.LoraConfig;
import io.pdm.model.nn.PdmTransformer;
import io.pdm.model.train.TrainingMonitor;
import io.pdm.model.train.TrainingOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A plant's fine-tuning of the base model on its own engines (those outside the public OEM share):
 * LoRA (only the adapter and its saved modules learn) or full fine-tuning.
 */
public final class FineTuning {
    /** The plant's normalisation, saved next to its adapter or model: inputs must be scaled the same way. */
    public static final String PREPROCESSING = "pdm-preprocessing.json";

    /** @param lora null for full fine-tuning */
    public record Settings(
            Path cmapssDir,
            String subset,
            double oemFraction,
            LoraConfig lora,
            ProtocolOptions protocol,
            TrainingOptions training) {}

    private FineTuning() {}

    /** Trains {@code base} in place (attaching a fresh adapter for LoRA) and returns the test evaluation. */
    public static CmapssTraining.Outcome run(PdmTransformer base, Settings settings, TrainingMonitor monitor)
            throws IOException {
        CmapssData data = CmapssData.prepare(
                settings.cmapssDir(),
                settings.subset(),
                settings.protocol(),
                new CmapssData.Selection(
                        CmapssData.EngineShare.PLANT,
                        settings.oemFraction(),
                        0.1,
                        settings.training().seed()));
        if (settings.lora() != null) {
            base.attachLora(settings.lora(), settings.training().seed());
        }
        return CmapssTraining.run(base, data, settings.training(), CmapssTraining.DEFAULT_WEIGHTS, monitor);
    }

    public static void writePreprocessor(CmapssPreprocessor preprocessor, Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(PREPROCESSING), preprocessor.toJson());
    }

    public static CmapssPreprocessor readPreprocessor(Path dir) throws IOException {
        return CmapssPreprocessor.fromJson(Files.readString(dir.resolve(PREPROCESSING)));
    }
}

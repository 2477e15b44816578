package io.pdm.federated;

import ai.djl.ndarray.NDManager;
import io.pdm.model.checkpoint.ModelCheckpoint;
import io.pdm.model.cmapss.CmapssModels;
import io.pdm.model.cmapss.PretrainingRecord;
import io.pdm.model.config.ModelConfig;
import io.pdm.model.nn.PdmTransformer;
import io.pdm.model.nn.TransformerShape;
import io.pdm.model.train.TrainingOptions;
import java.nio.file.Path;
import java.util.List;

/** A randomly initialised one-layer C-MAPSS model saved as a base checkpoint, and where the test data lives. */
public final class TinyBaseModel {

    private TinyBaseModel() {}

    /** Hidden 16, one layer, no dropout, with a 20 % OEM share over {@code subsets}. */
    public static Path create(Path dir, List<String> subsets) throws Exception {
        return create(dir, subsets, 1);
    }

    /** The same shapes with weights drawn from {@code seed}: another base an adapter of the first one fits. */
    public static Path create(Path dir, List<String> subsets, long seed) throws Exception {
        ModelConfig config = CmapssModels.config(new CmapssModels.Size(16, 1, 1, 0.0), 14, 125);
        try (NDManager manager = NDManager.newBaseManager();
                PdmTransformer model = PdmTransformer.initialize(TransformerShape.of(config), manager, seed)) {
            ModelCheckpoint.save(model, config, dir);
        }
        new PretrainingRecord(subsets, 0.2, List.of(), 0, 0, null, TrainingOptions.defaults(), 0, 0, 0, 0, 0)
                .write(dir);
        return dir;
    }

    public static Path cmapssDir() {
        return Path.of(System.getProperty("pdm.shared.data")).resolve("cmapss");
    }
}

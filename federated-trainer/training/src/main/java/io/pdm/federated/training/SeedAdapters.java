package io.pdm.federated.training;

import ai.djl.ndarray.NDManager;
import io.pdm.model.checkpoint.ModelCheckpoint;
import io.pdm.model.lora.LoraConfig;
import io.pdm.model.lora.PeftAdapter;
import io.pdm.model.nn.PdmTransformer;
import java.io.IOException;
import java.nio.file.Path;

/** Version 0 of a federation: a fresh adapter (A random, B zero) for a base model, so it changes nothing yet. */
public final class SeedAdapters {

    private SeedAdapters() {}

    public static PeftAdapter fresh(Path baseDir, LoraConfig config, long seed) throws IOException {
        try (NDManager manager = NDManager.newBaseManager();
                PdmTransformer model = ModelCheckpoint.load(baseDir, manager)) {
            model.attachLora(config, seed);
            return model.lora().toPeft();
        }
    }
}

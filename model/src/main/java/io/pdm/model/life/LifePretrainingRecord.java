package io.pdm.model.life;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.pdm.model.train.TrainingOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * What a life base model was pretrained on ({@value #FILE}): lives on each side, the held-out lives by id, windows,
 * the chosen epoch, the held-out RMSE next to the mean predictor's, and the wall time.
 */
public record LifePretrainingRecord(
        String assetType,
        int trainingLives,
        int heldOutLives,
        List<String> heldOutLifeIds,
        int trainingWindows,
        int heldOutWindows,
        TrainingOptions training,
        int bestEpoch,
        int epochsRun,
        double validationRmse,
        double meanPredictorRmse,
        double wallSeconds) {
    public static final String FILE = "life_pretraining.json";
    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT);

    public void write(Path dir) throws IOException {
        JSON.writeValue(dir.resolve(FILE).toFile(), this);
    }

    public static LifePretrainingRecord read(Path dir) throws IOException {
        return JSON.readValue(dir.resolve(FILE).toFile(), LifePretrainingRecord.class);
    }
}

package io.pdm.model.cmapss;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.pdm.model.train.TrainingOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * What a base model was pretrained on ({@code pretraining.json} next to its weights), so plants know
 * which engines are public and anyone can rerun it with the same seed.
 *
 * @param oemFraction share of each subset's training engines that is public; plants fine-tune on the rest
 * @param engines     public engines used per subset, in {@code subsets} order
 */
public record PretrainingRecord(
        List<String> subsets,
        double oemFraction,
        List<Integer> engines,
        int windows,
        int texts,
        String textCorpus,
        TrainingOptions training,
        int bestEpoch,
        int epochsRun,
        double validationRmse,
        long wallSeconds,
        double windowsPerSecond) {
    public static final String FILE = "pretraining.json";
    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT);

    public void write(Path dir) throws IOException {
        JSON.writeValue(dir.resolve(FILE).toFile(), this);
    }

    public static PretrainingRecord read(Path dir) throws IOException {
        return JSON.readValue(dir.resolve(FILE).toFile(), PretrainingRecord.class);
    }
}

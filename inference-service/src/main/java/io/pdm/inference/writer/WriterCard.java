package io.pdm.inference.writer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * {@value #FILE} beside a writer checkpoint trained by {@link WriterTraining}: which prompt it reads (so
 * {@link LocalModelWriter} renders the same prompt it was trained on), how many bytes it may write, and how it was
 * trained (data, teacher, losses), so a reader of the checkpoint knows what it is distilled from.
 *
 * @param format         the prompt format ({@link WriterPrompt#FORMAT})
 * @param maxNewTokens   the longest text it writes, in tokens (bytes): the longest training target plus a margin
 * @param teacher        what wrote the training targets ({@link TargetTexts})
 * @param sources        where the fact sheets and log texts came from
 * @param sheets         fact sheets trained on
 * @param pairs          prompt/target pairs (several phrasings per sheet)
 * @param trainLoss      mean training loss per epoch
 * @param validationLoss completion loss on held-out sheets per epoch
 * @param wallSeconds    training time
 * @param copyConstraint decode with {@link CopyConstraint} (numbers and cited ids only as the prompt writes them);
 *                       false decodes freely, as the model alone writes
 */
public record WriterCard(
        String format,
        int maxNewTokens,
        String teacher,
        List<String> sources,
        int sheets,
        int pairs,
        List<Double> trainLoss,
        List<Double> validationLoss,
        double wallSeconds,
        boolean copyConstraint) {
    public static final String FILE = "pdm_writer.json";

    private static final ObjectMapper JSON =
            JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    public WriterCard {
        sources = sources == null ? List.of() : List.copyOf(sources);
        trainLoss = trainLoss == null ? List.of() : List.copyOf(trainLoss);
        validationLoss = validationLoss == null ? List.of() : List.copyOf(validationLoss);
    }

    public void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        JSON.writeValue(dir.resolve(FILE).toFile(), this);
    }

    /** The card of a checkpoint directory, empty for any other checkpoint (a user's Llama, an old base). */
    public static Optional<WriterCard> read(Path dir) throws IOException {
        Path file = dir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        WriterCard card = JSON.readValue(file.toFile(), WriterCard.class);
        if (!WriterPrompt.FORMAT.equals(card.format())) {
            throw new IOException(
                    file + " names prompt format '" + card.format() + "'; this build reads " + WriterPrompt.FORMAT);
        }
        return Optional.of(card);
    }
}

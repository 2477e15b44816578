package io.pdm.inference.writer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.pdm.model.train.ModelTrainer;
import io.pdm.model.train.TrainingMonitor;
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
 *                       false decodes freely, as the model alone writes (byte writers only)
 * @param kind           {@code bytes} (a byte-level model reading {@link WriterPrompt}) or {@code slots} (a word-level
 *                       model reading {@link SlotPrompt} and writing slot sequences that {@link Slots} renders); a card
 *                       without it is a byte writer's, as every card before slot writers
 * @param vocabulary     a slot writer's tokens, in id order ({@link SlotVocabulary}); empty for a byte writer
 * @param heldOutRendered a slot writer's share of held-out sheets whose greedy text renders and passes the check
 *                       (null when not measured)
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
        boolean copyConstraint,
        Kind kind,
        List<String> vocabulary,
        Double heldOutRendered) {
    public static final String FILE = "pdm_writer.json";

    /** What a writer checkpoint reads and writes. */
    public enum Kind {
        @com.fasterxml.jackson.annotation.JsonProperty("bytes")
        BYTES,
        @com.fasterxml.jackson.annotation.JsonProperty("slots")
        SLOTS
    }

    private static final ObjectMapper JSON =
            JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    public WriterCard {
        sources = sources == null ? List.of() : List.copyOf(sources);
        trainLoss = trainLoss == null ? List.of() : List.copyOf(trainLoss);
        validationLoss = validationLoss == null ? List.of() : List.copyOf(validationLoss);
        kind = kind == null ? Kind.BYTES : kind;
        vocabulary = vocabulary == null ? List.of() : List.copyOf(vocabulary);
        if (kind == Kind.SLOTS && vocabulary.isEmpty()) {
            throw new IllegalArgumentException("a slot writer's card needs its vocabulary");
        }
    }

    /** The card of a training run: its losses per epoch and wall time come from the trainer's result. */
    static WriterCard of(
            Kind kind,
            int maxNewTokens,
            String teacher,
            List<String> sources,
            int sheets,
            int pairs,
            ModelTrainer.Result result,
            boolean copyConstraint,
            List<String> vocabulary,
            Double heldOutRendered) {
        return new WriterCard(
                formatOf(kind),
                maxNewTokens,
                teacher,
                sources,
                sheets,
                pairs,
                result.epochs().stream()
                        .map(TrainingMonitor.EpochReport::trainLoss)
                        .toList(),
                result.epochs().stream()
                        .map(TrainingMonitor.EpochReport::validationScore)
                        .toList(),
                result.wallTime().toMillis() / 1000.0,
                copyConstraint,
                kind,
                vocabulary,
                heldOutRendered);
    }

    /** The prompt format this kind of writer reads in this build. */
    static String formatOf(Kind kind) {
        return kind == Kind.SLOTS ? SlotPrompt.FORMAT : WriterPrompt.FORMAT;
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
        if (!formatOf(card.kind()).equals(card.format())) {
            throw new IOException(
                    file + " names prompt format '" + card.format() + "'; this build reads " + formatOf(card.kind()));
        }
        return Optional.of(card);
    }
}

package io.pdm.inference.writer;

import ai.djl.ndarray.NDManager;
import io.pdm.inference.facts.FactSheet;
import io.pdm.inference.facts.FactSheetText;
import io.pdm.model.checkpoint.ModelCheckpoint;
import io.pdm.model.config.ModelConfig;
import io.pdm.model.config.SensorConfig;
import io.pdm.model.nn.PdmTransformer;
import io.pdm.model.nn.TextGenerator;
import io.pdm.model.text.AlertPrompt;
import io.pdm.model.text.ByteTokenizer;
import io.pdm.model.text.HfTokenizer;
import io.pdm.model.text.TextTokenizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Writes alert texts in-process with DJL: the platform's own model, or any Llama-family checkpoint a user
 * supplies — the same class, a different checkpoint directory ({@link ModelCheckpoint} reads both). The
 * prompt is the fact sheet ({@link FactSheetText}), the rewrite instruction on a second attempt, and
 * {@link AlertPrompt#CUE}; decoding is greedy up to the first newline or end token. Whatever it writes
 * goes through the {@link GroundingCheck} like any other writer's text. One generation at a time.
 */
public final class LocalModelWriter implements AlertWriter, AutoCloseable {
    private final String id;
    private final PdmTransformer model;
    private final TextTokenizer tokenizer;
    private final int maxNewTokens;
    private final int contextLength;
    private final AutoCloseable owned;

    private LocalModelWriter(
            String id,
            PdmTransformer model,
            TextTokenizer tokenizer,
            int maxNewTokens,
            int contextLength,
            AutoCloseable owned) {
        this.id = id;
        this.model = model;
        this.tokenizer = tokenizer;
        this.maxNewTokens = maxNewTokens;
        this.contextLength = contextLength;
        this.owned = owned;
    }

    /**
     * Loads a checkpoint directory. The platform's own model ({@code pdm.tokenizer = byte}) needs no
     * tokenizer file; any other checkpoint needs its {@code tokenizer.json}, with {@code specials} naming its
     * begin, end and padding tokens (Llama 2: {@code <s>}, {@code </s>}, {@code </s>}; Llama 3:
     * {@code <|begin_of_text|>}, {@code <|end_of_text|>}, {@code <|end_of_text|>}).
     */
    public static LocalModelWriter open(
            Path dir, NDManager manager, HfTokenizer.SpecialTokens specials, int maxNewTokens) throws IOException {
        ModelConfig config = ModelCheckpoint.readConfig(dir);
        TextTokenizer tokenizer;
        AutoCloseable owned = null;
        SensorConfig pdm = config.pdm();
        if (pdm != null && pdm.tokenizer() == SensorConfig.Tokenizer.BYTE) {
            tokenizer = new ByteTokenizer();
        } else {
            Path file = dir.resolve(ModelCheckpoint.TOKENIZER);
            if (!Files.isRegularFile(file)) {
                throw new IOException(dir + " has no " + ModelCheckpoint.TOKENIZER
                        + "; a checkpoint without the byte tokenizer needs one");
            }
            HfTokenizer hf = HfTokenizer.load(file, specials);
            tokenizer = hf;
            owned = hf;
        }
        if (tokenizer.vocabSize() > config.vocabSize()) {
            throw new IOException(
                    dir + ": tokenizer has " + tokenizer.vocabSize() + " tokens, the model only " + config.vocabSize());
        }
        PdmTransformer model = ModelCheckpoint.load(dir, manager);
        String id = "local:" + dir.getFileName() + "@"
                + ModelCheckpoint.baseHash(dir).substring(0, 12);
        return new LocalModelWriter(id, model, tokenizer, maxNewTokens, config.maxPositionEmbeddings(), owned);
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public synchronized String write(FactSheet sheet, Rewrite rewrite) throws WriterException {
        String prompt = FactSheetText.render(sheet) + (rewrite == null ? "" : rewrite.instruction()) + AlertPrompt.CUE;
        int[] text = tokenizer.encode(prompt);
        int[] ids = new int[text.length + 1];
        ids[0] = tokenizer.bosId();
        System.arraycopy(text, 0, ids, 1, text.length);
        if (ids.length + maxNewTokens > contextLength) {
            throw new WriterException(id + ": prompt of " + ids.length + " tokens plus " + maxNewTokens
                    + " new ones exceeds the model's context of " + contextLength);
        }
        int[] out;
        try {
            out = TextGenerator.generate(
                    model, null, ids, TextGenerator.Sampling.greedy(maxNewTokens, tokenizer.eosId()));
        } catch (RuntimeException e) {
            throw new WriterException(id + ": generation failed: " + e.getMessage(), e);
        }
        String decoded = tokenizer.decode(
                Arrays.stream(out).filter(t -> t < tokenizer.vocabSize()).toArray());
        int newline = decoded.indexOf('\n');
        return (newline >= 0 ? decoded.substring(0, newline) : decoded).strip();
    }

    @Override
    public void close() throws Exception {
        model.close();
        if (owned != null) {
            owned.close();
        }
    }
}

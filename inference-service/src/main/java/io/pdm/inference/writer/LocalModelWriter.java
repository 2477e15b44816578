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
import java.util.List;

/**
 * Writes alert texts in-process with DJL: the platform's own model, or any Llama-family checkpoint a user
 * supplies — the same class, a different checkpoint directory ({@link ModelCheckpoint} reads both). The
 * prompt is the fact sheet ({@link FactSheetText}), the rewrite instruction on a second attempt, and
 * {@link AlertPrompt#CUE} (or, for a writer trained by {@link WriterTraining}, its {@link WriterPrompt}, decoded with
 * its {@link CopyConstraint} when its card asks for it); decoding is greedy up to the first newline or end token. Whatever it writes
 * goes through the {@link GroundingCheck} like any other writer's text. One generation at a time.
 *
 * <p>A <em>slot writer</em> (card kind {@code slots}, {@link SlotWriterTraining}) reads its {@link SlotPrompt} (the
 * sheet's structure), writes a slot sequence, and {@link Slots} renders it with the sheet's own values; a draft naming
 * a fact the sheet lacks is a {@link RejectedDraft} and the template writes instead (no rewrite: greedy decoding of the
 * same structure would write the same draft). It drafts a batch's alerts together ({@link #writeAll}).
 */
public final class LocalModelWriter implements AlertWriter, AutoCloseable {
    /** The byte token of '\n', which ends a trained writer's text. */
    private static final int NEWLINE = '\n';

    private final String id;
    private final PdmTransformer model;
    private final TextTokenizer tokenizer;
    private final int maxNewTokens;
    private final int contextLength;
    private final AutoCloseable owned;
    /** Present for the platform's own trained writers: their prompt format and length. */
    private final WriterCard card;
    /** Present for a slot writer ({@link WriterCard.Kind#SLOTS}): its batch decoder. */
    private final SlotDecoder slots;

    private LocalModelWriter(
            String id,
            PdmTransformer model,
            TextTokenizer tokenizer,
            int maxNewTokens,
            int contextLength,
            AutoCloseable owned,
            WriterCard card,
            SlotDecoder slots) {
        this.id = id;
        this.model = model;
        this.tokenizer = tokenizer;
        this.maxNewTokens = maxNewTokens;
        this.contextLength = contextLength;
        this.owned = owned;
        this.card = card;
        this.slots = slots;
    }

    /**
     * Loads a checkpoint directory. The platform's own model ({@code pdm.tokenizer = byte}) needs no
     * tokenizer file; any other checkpoint needs its {@code tokenizer.json}, with {@code specials} naming its
     * begin, end and padding tokens (Llama 2: {@code <s>}, {@code </s>}, {@code </s>}; Llama 3:
     * {@code <|begin_of_text|>}, {@code <|end_of_text|>}, {@code <|end_of_text|>}). A writer trained by
     * {@code pdm model train-writer} has a {@link WriterCard}: it then reads the {@link WriterPrompt} it was trained
     * on and writes up to the card's {@code maxNewTokens} instead of {@code maxNewTokens}.
     */
    public static LocalModelWriter open(
            Path dir, NDManager manager, HfTokenizer.SpecialTokens specials, int maxNewTokens) throws IOException {
        ModelConfig config = ModelCheckpoint.readConfig(dir);
        WriterCard card = WriterCard.read(dir).orElse(null);
        if (card != null && card.kind() == WriterCard.Kind.SLOTS) {
            return openSlots(dir, config, card, manager);
        }
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
        return new LocalModelWriter(
                id(dir),
                model,
                tokenizer,
                card == null ? maxNewTokens : card.maxNewTokens(),
                config.maxPositionEmbeddings(),
                owned,
                card,
                null);
    }

    /** A slot writer: its vocabulary from the card, its prompt of fixed length, its texts rendered from slots. */
    private static LocalModelWriter openSlots(Path dir, ModelConfig config, WriterCard card, NDManager manager)
            throws IOException {
        SlotVocabulary vocabulary = new SlotVocabulary(card.vocabulary());
        if (vocabulary.vocabSize() != config.vocabSize()) {
            throw new IOException(dir + ": the card's slot vocabulary has " + vocabulary.vocabSize()
                    + " tokens, the model " + config.vocabSize());
        }
        if (1 + SlotPrompt.LENGTH + card.maxNewTokens() > config.maxPositionEmbeddings()) {
            throw new IOException(dir + ": a prompt of " + (1 + SlotPrompt.LENGTH) + " tokens plus "
                    + card.maxNewTokens() + " new ones exceeds the model's context of "
                    + config.maxPositionEmbeddings());
        }
        PdmTransformer model = ModelCheckpoint.load(dir, manager);
        SlotDecoder decoder = new SlotDecoder(model, vocabulary, card.maxNewTokens());
        decoder.warmUp();
        return new LocalModelWriter(
                id(dir), model, vocabulary, card.maxNewTokens(), config.maxPositionEmbeddings(), null, card, decoder);
    }

    private static String id(Path dir) throws IOException {
        return "local:" + dir.getFileName() + "@"
                + ModelCheckpoint.baseHash(dir).substring(0, 12);
    }

    /** Every writer rewrites once; a slot writer's rewrite samples, since greedy would repeat the rejected draft. */
    @Override
    public int attempts() {
        return 2;
    }

    @Override
    public boolean batches() {
        return slots != null;
    }

    /** A slot writer's drafts of a batch, decoded together; any other checkpoint's, one after another. */
    @Override
    public synchronized List<Draft> writeAll(List<FactSheet> sheets) {
        if (slots == null) {
            return AlertWriter.super.writeAll(sheets);
        }
        List<SlotDecoder.Draft> drafts;
        try {
            drafts = slots.draft(sheets);
        } catch (RuntimeException e) {
            WriterException failure = new WriterException(id + ": generation failed: " + e.getMessage(), e);
            return sheets.stream().map(s -> Draft.failed(failure)).toList();
        }
        return drafts.stream().map(this::draft).toList();
    }

    private Draft draft(SlotDecoder.Draft d) {
        List<Violation> rejected = d.rejected();
        return rejected.isEmpty()
                ? Draft.of(d.rendered().text())
                : Draft.failed(new RejectedDraft(id, String.join(" ", d.slots()), rejected));
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public synchronized String write(FactSheet sheet, Rewrite rewrite) throws WriterException {
        if (slots != null) {
            Draft d;
            try {
                d = rewrite == null
                        ? writeAll(List.of(sheet)).get(0)
                        : draft(slots.resample(sheet, sheet.fingerprint().hashCode()));
            } catch (RuntimeException e) {
                throw new WriterException(id + ": generation failed: " + e.getMessage(), e);
            }
            if (d.failure() != null) {
                throw d.failure();
            }
            return d.text();
        }
        String prompt = card != null
                ? WriterPrompt.render(sheet, rewrite)
                : FactSheetText.render(sheet) + (rewrite == null ? "" : rewrite.instruction()) + AlertPrompt.CUE;
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
                    model,
                    null,
                    ids,
                    sampling(sheet, rewrite),
                    card != null && card.copyConstraint() ? CopyConstraint.of(prompt) : null);
        } catch (RuntimeException e) {
            throw new WriterException(id + ": generation failed: " + e.getMessage(), e);
        }
        String decoded = tokenizer.decode(
                Arrays.stream(out).filter(t -> t < tokenizer.vocabSize()).toArray());
        int newline = decoded.indexOf('\n');
        return (newline >= 0 ? decoded.substring(0, newline) : decoded).strip();
    }

    /**
     * Greedy, except a trained writer's rewrite: greedy decoding of nearly the same prompt would repeat the rejected
     * text, so the second attempt samples (top 4, temperature 0.5), seeded by the alert's fingerprint so that the same
     * alert always gets the same text.
     */
    private TextGenerator.Sampling sampling(FactSheet sheet, Rewrite rewrite) {
        if (card == null) {
            return TextGenerator.Sampling.greedy(maxNewTokens, tokenizer.eosId());
        }
        // trained texts end with a newline: stopping there saves the steps up to the end token
        if (rewrite == null) {
            return TextGenerator.Sampling.greedy(maxNewTokens, NEWLINE);
        }
        return new TextGenerator.Sampling(
                maxNewTokens, 0.5, 4, sheet.fingerprint().hashCode(), NEWLINE, true);
    }

    @Override
    public void close() throws Exception {
        model.close();
        if (owned != null) {
            owned.close();
        }
    }
}

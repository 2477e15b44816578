package io.pdm.inference.writer;

import ai.djl.ndarray.NDManager;
import io.pdm.inference.facts.FactSheet;
import io.pdm.model.config.ModelConfig;
import io.pdm.model.nn.PdmTransformer;
import io.pdm.model.nn.TransformerShape;
import io.pdm.model.train.LossWeights;
import io.pdm.model.train.ModelTrainer;
import io.pdm.model.train.Objective;
import io.pdm.model.train.PromptedTextExamples;
import io.pdm.model.train.PromptedTextExamples.Pair;
import io.pdm.model.train.TrainingMonitor;
import io.pdm.model.train.TrainingOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Trains the slot writer (delexicalised data-to-text, as in Wen et al. 2015): a word-level {@link PdmTransformer}
 * reads a sheet's {@link SlotPrompt} (its structure, no values) and writes the {@link TargetTexts#slots slot sequence}
 * the generator wrote for it, several phrasings per sheet; {@link Slots#render} fills in the values at writing time.
 * Held-out sheets (a sheet's phrasings stay on one side) score the completion loss after each epoch, and the best
 * epoch's weights are kept; at the end each held-out sheet's greedy draft is rendered and checked, and the share that
 * passes goes to the card.
 */
public final class SlotWriterTraining {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SlotWriterTraining.class);

    /**
     * @param hidden     model width
     * @param layers     decoder layers
     * @param heads      attention heads (hidden divisible by it)
     * @param variants   phrasings (pairs) per fact sheet
     * @param validation share of sheets held out
     */
    public record Settings(
            int hidden, int layers, int heads, int variants, double validation, TrainingOptions options) {
        public Settings {
            if (hidden % heads != 0) {
                throw new IllegalArgumentException("hidden " + hidden + " is not divisible by heads " + heads);
            }
            if (variants < 1 || !(validation >= 0 && validation < 1)) {
                throw new IllegalArgumentException("variants >= 1 and validation in [0, 1) needed");
            }
        }
    }

    private SlotWriterTraining() {}

    /** One sheet's pairs: its prompt tokens, and {@code variants} slot sequences of the generator. */
    public static List<Pair> pairs(FactSheet sheet, int variants, long seed) {
        String prompt = String.join(" ", SlotPrompt.tokens(sheet));
        List<Pair> out = new ArrayList<>(variants);
        for (int v = 0; v < variants; v++) {
            out.add(new Pair(prompt, String.join(" ", TargetTexts.slots(sheet, seed * 7919 + v))));
        }
        return out;
    }

    public static WriterTraining.Outcome train(
            List<FactSheet> sheets,
            List<String> sources,
            Settings settings,
            NDManager manager,
            TrainingMonitor monitor) {
        if (sheets.size() < 2) {
            throw new IllegalArgumentException("training a writer needs at least 2 fact sheets, got " + sheets.size());
        }
        SlotVocabulary vocabulary = SlotVocabulary.standard();
        Random split = new Random(settings.options().seed());
        List<Pair> train = new ArrayList<>();
        List<Pair> held = new ArrayList<>();
        List<FactSheet> heldSheets = new ArrayList<>();
        int longest = 0;
        for (int i = 0; i < sheets.size(); i++) {
            List<Pair> p =
                    pairs(sheets.get(i), settings.variants(), settings.options().seed() * 1_000_003L + i);
            boolean validation = i > 0 && split.nextDouble() < settings.validation();
            (validation ? held : train).addAll(p);
            if (validation) {
                heldSheets.add(sheets.get(i));
            }
            for (Pair pair : p) {
                longest = Math.max(longest, vocabulary.encode(pair.completion()).length);
            }
        }
        int maxNewTokens = longest + 16;
        int context = 1 + SlotPrompt.LENGTH + maxNewTokens + 1;
        PromptedTextExamples examples = new PromptedTextExamples(train, vocabulary, context, 0f);
        PromptedTextExamples validation =
                held.isEmpty() ? null : new PromptedTextExamples(held, vocabulary, context, 0f);
        ModelConfig config = config(settings, vocabulary, context);
        PdmTransformer model = PdmTransformer.initialize(
                TransformerShape.of(config), manager, settings.options().seed());
        Objective objective = new Objective(new LossWeights(0, 0, 1));
        ModelTrainer.Result result = ModelTrainer.train(
                model,
                examples,
                objective,
                settings.options(),
                validation == null ? null : m -> WriterTraining.completionLoss(m, validation, objective),
                monitor);
        Double rendered = heldSheets.isEmpty() ? null : passing(model, vocabulary, maxNewTokens, heldSheets);
        LOG.info(
                "slot writer: share {} of the {} held-out sheets' greedy drafts render and pass the check",
                rendered,
                heldSheets.size());
        WriterCard card = WriterCard.of(
                WriterCard.Kind.SLOTS,
                maxNewTokens,
                "TargetTexts.slots (io.pdm.inference.writer): generated phrasings as slot sequences, no"
                        + " human-written texts",
                sources,
                sheets.size(),
                train.size() + held.size(),
                result,
                false,
                vocabulary.tokens(),
                rendered);
        return new WriterTraining.Outcome(model, config, card, result);
    }

    /** The share of sheets whose greedy draft renders (no missing slot, ended) and passes the grounding check. */
    static double passing(PdmTransformer model, SlotVocabulary vocabulary, int maxNewTokens, List<FactSheet> sheets) {
        SlotDecoder decoder = new SlotDecoder(model, vocabulary, maxNewTokens);
        int ok = 0;
        for (int from = 0; from < sheets.size(); from += 32) {
            List<FactSheet> part = sheets.subList(from, Math.min(sheets.size(), from + 32));
            List<SlotDecoder.Draft> drafts = decoder.draft(part);
            for (int i = 0; i < part.size(); i++) {
                SlotDecoder.Draft d = drafts.get(i);
                if (d.rejected().isEmpty()
                        && GroundingCheck.check(d.rendered().text(), part.get(i))
                                .isEmpty()) {
                    ok++;
                }
            }
        }
        return (double) ok / sheets.size();
    }

    /** A text-only word-level model: no sensor section, the vocabulary's specials as begin, end and padding. */
    static ModelConfig config(Settings s, SlotVocabulary vocabulary, int context) {
        return new ModelConfig(
                ModelConfig.DEFAULT_ARCHITECTURES,
                "llama",
                s.hidden(),
                s.hidden() * 3,
                s.layers(),
                s.heads(),
                s.heads(),
                s.hidden() / s.heads(),
                1e-5,
                10_000,
                vocabulary.vocabSize(),
                context,
                true,
                vocabulary.bosId(),
                List.of(vocabulary.eosId()),
                vocabulary.padId(),
                "float32",
                null,
                Map.of());
    }
}

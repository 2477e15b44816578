package io.pdm.inference.writer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import io.pdm.inference.facts.FactSheet;
import io.pdm.inference.facts.MaintenanceRecord;
import io.pdm.model.checkpoint.ModelCheckpoint;
import io.pdm.model.config.ModelConfig;
import io.pdm.model.config.SensorConfig;
import io.pdm.model.nn.PdmTransformer;
import io.pdm.model.nn.TransformerShape;
import io.pdm.model.text.ByteTokenizer;
import io.pdm.model.text.MaintenanceText;
import io.pdm.model.train.Batch;
import io.pdm.model.train.LossWeights;
import io.pdm.model.train.ModelTrainer;
import io.pdm.model.train.Objective;
import io.pdm.model.train.PromptedTextExamples;
import io.pdm.model.train.PromptedTextExamples.Pair;
import io.pdm.model.train.TrainingMonitor;
import io.pdm.model.train.TrainingOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Trains the platform's own writer: a byte-level {@link PdmTransformer} (text only) on {@link WriterPrompt} prompts
 * of real fact sheets paired with {@link TargetTexts}, several phrasings per sheet. Real maintenance texts enter as
 * the logs of the sheets (the service's retrieval would attach a plant's own logs; replayed lives have none), so
 * the model reads technician phrasing and learns to cite log ids. Held-out sheets (not pairs: a sheet's phrasings
 * stay on one side) score the completion loss after each epoch; the best epoch's weights are kept.
 */
public final class WriterTraining {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(WriterTraining.class);

    /**
     * @param hidden        model width
     * @param layers        decoder layers
     * @param heads         attention heads (hidden divisible by it)
     * @param context       the longest prompt plus text, in bytes
     * @param variants      phrasings (pairs) per fact sheet
     * @param promptWeight  loss weight of prompt bytes (completion bytes weigh 1)
     * @param validation    share of sheets held out
     */
    public record Settings(
            int hidden,
            int layers,
            int heads,
            int context,
            int variants,
            float promptWeight,
            double validation,
            TrainingOptions options) {
        public Settings {
            if (hidden % heads != 0) {
                throw new IllegalArgumentException("hidden " + hidden + " is not divisible by heads " + heads);
            }
            if (variants < 1 || context < 64 || !(validation >= 0 && validation < 1)) {
                throw new IllegalArgumentException("variants >= 1, context >= 64 and validation in [0, 1) needed");
            }
        }
    }

    /** The trained model (close it), its configuration and its card. */
    public record Outcome(PdmTransformer model, ModelConfig config, WriterCard card, ModelTrainer.Result result)
            implements AutoCloseable {
        public void save(Path dir) throws IOException {
            ModelCheckpoint.save(model, config, dir);
            card.write(dir);
        }

        @Override
        public void close() {
            model.close();
        }
    }

    private WriterTraining() {}

    /**
     * One sheet's training pairs: {@code variants} phrasings, every 8th with an {@code avoid:} line as a rewrite. A
     * target the grounding check rejects is left out (the model must never learn an ungrounded text); the tests show
     * the generator writes none.
     */
    public static List<Pair> pairs(FactSheet sheet, int variants, long seed) {
        List<Pair> out = new ArrayList<>(variants);
        for (int v = 0; v < variants; v++) {
            long s = seed * 7919 + v;
            String text = TargetTexts.write(sheet, s);
            if (!GroundingCheck.check(text, sheet).isEmpty()) {
                continue;
            }
            AlertWriter.Rewrite rewrite = Math.floorMod(s, 8) == 3
                    ? new AlertWriter.Rewrite(
                            text,
                            List.of(new Violation(
                                    Violation.Kind.NUMBER, Long.toString(Math.floorMod(s * 31, 997)), "example")))
                    : null;
            out.add(new Pair(WriterPrompt.render(sheet, rewrite), " " + text + "\n"));
        }
        return out;
    }

    /**
     * The sheet with up to three real maintenance texts as its similar logs and, sometimes, a last maintenance;
     * ids, dates and actions are made up (the texts carry none), dated before the alert. A third of the sheets
     * keep no logs, as the replayed ones have none.
     */
    public static FactSheet withLogs(FactSheet s, List<MaintenanceText> texts, Random random) {
        if (texts.isEmpty() || random.nextInt(3) == 0) {
            return s;
        }
        String[] actions = {"inspection", "repair", "replacement", "adjustment", "lubrication", "cleaning"};
        String[] prefixes = {"log-", "wo-", "MWO-", "maintie/"};
        String prefix = prefixes[random.nextInt(prefixes.length)];
        LocalDate day = s.time().atOffset(ZoneOffset.UTC).toLocalDate();
        List<MaintenanceRecord> similar = new ArrayList<>();
        int k = 1 + random.nextInt(3);
        for (int i = 0; i < k; i++) {
            similar.add(record(s, texts, random, prefix, actions, day, 0.9 - 0.1 * i));
        }
        MaintenanceRecord last =
                random.nextBoolean() ? record(s, texts, random, prefix, actions, day, Double.NaN) : null;
        return new FactSheet(
                s.plant(),
                s.asset(),
                s.assetType(),
                s.time(),
                s.kind(),
                s.failureMode(),
                s.severity(),
                s.fingerprint(),
                s.reason(),
                s.measurements(),
                s.remainingLife(),
                s.stage(),
                s.failureModes(),
                s.actBy(),
                last,
                similar);
    }

    private static MaintenanceRecord record(
            FactSheet s,
            List<MaintenanceText> texts,
            Random random,
            String prefix,
            String[] actions,
            LocalDate day,
            double similarity) {
        MaintenanceText t = texts.get(random.nextInt(texts.size()));
        return new MaintenanceRecord(
                prefix + (1 + random.nextInt(random.nextBoolean() ? 99 : 99_999)),
                s.asset(),
                day.minusDays(3 + random.nextInt(700)),
                actions[random.nextInt(actions.length)],
                null,
                t.text(),
                similarity);
    }

    /** Trains on the sheets (already with logs where wanted); progress goes to the monitor. */
    public static Outcome train(
            List<FactSheet> sheets,
            List<String> sources,
            Settings settings,
            NDManager manager,
            TrainingMonitor monitor) {
        if (sheets.size() < 2) {
            throw new IllegalArgumentException("training a writer needs at least 2 fact sheets, got " + sheets.size());
        }
        Random split = new Random(settings.options().seed());
        List<Pair> train = new ArrayList<>();
        List<Pair> held = new ArrayList<>();
        int longestTarget = 0;
        int dropped = 0;
        for (int i = 0; i < sheets.size(); i++) {
            List<Pair> p =
                    pairs(sheets.get(i), settings.variants(), settings.options().seed() * 1_000_003L + i);
            dropped += settings.variants() - p.size();
            boolean validation = i > 0 && split.nextDouble() < settings.validation();
            (validation ? held : train).addAll(p);
            for (Pair pair : p) {
                longestTarget = Math.max(longestTarget, new ByteTokenizer().encode(pair.completion()).length);
            }
        }
        if (dropped > 0) {
            LOG.warn("{} generated targets failed the grounding check and were left out", dropped);
        }
        ByteTokenizer bytes = new ByteTokenizer();
        PromptedTextExamples examples =
                new PromptedTextExamples(train, bytes, settings.context(), settings.promptWeight());
        PromptedTextExamples validation =
                held.isEmpty() ? null : new PromptedTextExamples(held, bytes, settings.context(), 0f);
        ModelConfig config = config(settings);
        PdmTransformer model = PdmTransformer.initialize(
                TransformerShape.of(config), manager, settings.options().seed());
        Objective objective = new Objective(new LossWeights(0, 0, 1));
        ModelTrainer.Result result = ModelTrainer.train(
                model,
                examples,
                objective,
                settings.options(),
                validation == null ? null : m -> completionLoss(m, validation, objective),
                monitor);
        WriterCard card = WriterCard.of(
                WriterCard.Kind.BYTES,
                longestTarget + 32,
                "TargetTexts (io.pdm.inference.writer): generated phrasings, no human-written texts",
                sources,
                sheets.size(),
                train.size() + held.size(),
                result,
                true,
                List.of(),
                null);
        return new Outcome(model, config, card, result);
    }

    /** Mean next-token loss on the completions of held-out pairs. */
    public static double completionLoss(PdmTransformer model, PromptedTextExamples held, Objective objective) {
        double sum = 0;
        int batches = 0;
        for (int from = 0; from < held.size(); from += 16) {
            int[] indices = new int[Math.min(16, held.size() - from)];
            for (int i = 0; i < indices.length; i++) {
                indices[i] = from + i;
            }
            try (NDScope scope = new NDScope()) {
                Batch batch = held.batch(model.manager(), indices);
                NDArray loss = objective.loss(model, batch, false);
                sum += loss.getFloat();
            }
            batches++;
        }
        return sum / Math.max(1, batches);
    }

    /** A text-only byte model; the sensor section exists only to name the byte tokenizer (one unused channel). */
    static ModelConfig config(Settings s) {
        SensorConfig pdm = new SensorConfig(1, 1, 1, 1, List.of("none"), 1, SensorConfig.Tokenizer.BYTE, 0);
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
                ByteTokenizer.VOCAB_SIZE,
                s.context(),
                true,
                ByteTokenizer.BOS,
                List.of(ByteTokenizer.EOS),
                ByteTokenizer.PAD,
                "float32",
                pdm,
                Map.of());
    }
}

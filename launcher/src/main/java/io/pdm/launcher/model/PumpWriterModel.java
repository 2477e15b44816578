package io.pdm.launcher.model;

import ai.djl.ndarray.NDManager;
import io.pdm.assets.AssetType;
import io.pdm.assets.AssetTypes;
import io.pdm.bench.inference.EvalSource;
import io.pdm.bench.inference.WriterSheets;
import io.pdm.devices.lives.PumpLives;
import io.pdm.inference.facts.FactSheet;
import io.pdm.inference.writer.SlotPrompt;
import io.pdm.inference.writer.SlotVocabulary;
import io.pdm.inference.writer.SlotWriterTraining;
import io.pdm.inference.writer.WriterCard;
import io.pdm.inference.writer.WriterTraining;
import io.pdm.model.text.MaintenanceText;
import io.pdm.model.train.ConsoleProgress;
import io.pdm.model.train.TrainingOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * The demo's in-process writer: a slot writer trained on first use on the fact sheets of the pump base's own simulator
 * seeds, replayed through the service's steps, and cached beside the bases (like the pump base: a progress line, a
 * cache key). About 2 minutes on a shared 2-core machine (125 s measured); later runs load it. The logs of the sheets
 * are placeholders: a slot writer never reads a log's text, only how many logs a sheet has ({@code SlotPrompt}), so no
 * corpus is needed.
 */
public final class PumpWriterModel {
    /**
     * 4 h of 16 pumps per seed, as {@code pdm model train-writer} replays them: ~280 sheets. 2 h of 8 pumps gave 80
     * sheets and a held-out loss of 0.38 after 5 epochs, far from the 0.15 the writer reaches on more data.
     */
    static final Duration HOURS = Duration.ofHours(4);

    static final int PUMPS = 16;
    static final SlotWriterTraining.Settings SETTINGS = new SlotWriterTraining.Settings(
            128,
            1,
            4,
            3,
            0.05,
            TrainingOptions.defaults()
                    .withEpochs(12)
                    .withBatchSize(16)
                    .withLearningRate(3e-3f)
                    .withPatience(3)
                    .withSeed(42));

    private PumpWriterModel() {}

    /** The cached writer for this pump base, trained first if absent. */
    public static Path ensure(Path cacheDir, Path pumpBase, PrintStream out) throws IOException {
        Path dir = cacheDir.resolve("writer-slots-" + key(pumpBase));
        if (Files.isRegularFile(dir.resolve(WriterCard.FILE))) {
            return dir;
        }
        long start = System.nanoTime();
        AssetType type = AssetTypes.builtIn("pump-set");
        PumpLives demo = PumpLives.demo(type);
        out.println("alert writer: replaying " + PumpBaseModel.DEMO_SEEDS.size() + " × " + HOURS.toHours() + " h of "
                + PUMPS + " simulated pumps for its fact sheets (first use only)");
        var lives = new PumpLives(
                        type,
                        demo.fleet().withAssetsPerPlant(PUMPS),
                        PumpBaseModel.DEMO_SEEDS,
                        HOURS,
                        demo.bands(),
                        demo.ewmaAlpha())
                .lives();
        List<FactSheet> sheets = WriterSheets.collect(
                List.of(new EvalSource("pump base seeds", type, pumpBase, "pump base", lives)), out);
        Random random = new Random(SETTINGS.options().seed());
        List<MaintenanceText> placeholders = List.of(new MaintenanceText("demo", "0", "simulated log", List.of()));
        sheets = sheets.stream()
                .map(s -> WriterTraining.withLogs(s, placeholders, random))
                .toList();
        Files.createDirectories(cacheDir);
        // trained beside its final place and moved there whole, so a run stopped midway never leaves a half writer
        Path partial = Files.createTempDirectory(cacheDir, "writer-slots-partial-");
        try (NDManager manager = NDManager.newBaseManager();
                WriterTraining.Outcome outcome = SlotWriterTraining.train(
                        sheets,
                        List.of("simulator seeds " + PumpBaseModel.DEMO_SEEDS + ", " + HOURS.toHours() + " h, " + PUMPS
                                + " pumps; placeholder logs"),
                        SETTINGS,
                        manager,
                        new ConsoleProgress(out, System.console() != null, "train alert writer"))) {
            outcome.save(partial);
            Double passed = outcome.card().heldOutRendered();
            if (passed != null) {
                out.printf(
                        Locale.ROOT,
                        "alert writer: held-out loss %.3f, %.0f %% of held-out sheets' drafts render and pass the"
                                + " grounding check%n",
                        outcome.result().bestScore(),
                        100 * passed);
            }
        }
        try {
            Files.move(partial, dir, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            if (!Files.isRegularFile(dir.resolve(WriterCard.FILE))) throw e; // another run cached it meanwhile: fine
        }
        out.printf(
                Locale.ROOT, "alert writer trained in %.0f s, cached in %s%n", (System.nanoTime() - start) / 1e9, dir);
        return dir;
    }

    /** What the writer depends on: its format and vocabulary, its settings, its data, and the base it replays with. */
    static String key(Path pumpBase) {
        String identity = String.join(
                "|",
                SlotPrompt.FORMAT,
                String.join(" ", SlotVocabulary.standard().tokens()),
                SETTINGS.toString(),
                PumpBaseModel.DEMO_SEEDS.toString(),
                HOURS.toString(),
                Integer.toString(PUMPS),
                pumpBase.toAbsolutePath().normalize().getFileName().toString());
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

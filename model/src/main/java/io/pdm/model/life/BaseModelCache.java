package io.pdm.model.life;

import ai.djl.ndarray.NDManager;
import io.pdm.assets.AssetType;
import io.pdm.assets.AssetTypes;
import io.pdm.assets.Thresholds;
import io.pdm.assets.lives.Life;
import io.pdm.assets.lives.LifeSource;
import io.pdm.model.train.TrainingMonitor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * A base model pretrained once and kept: the directory is {@code cacheDir/<type>-<hash>}, the hash over everything
 * the model depends on (the type, the identity of the lives' source, the settings), so changed inputs give a new
 * directory and unchanged ones reuse it. The base is written beside it and moved into place in one step, so a
 * crashed or concurrent run never leaves a half-written base under the final name.
 */
public final class BaseModelCache {
    private BaseModelCache() {}

    /**
     * @param sourceIdentity everything the lives depend on (e.g. simulator configuration and seeds)
     * @param source         read only when the base is not cached
     * @param template       {@link #describe} of the settings that will be used (they need the lives, which are only
     *                       read on a miss): part of the key
     * @param settings       builds the pretraining settings for the lives
     */
    public static Path ensure(
            Path cacheDir,
            String typeId,
            String sourceIdentity,
            String template,
            LifeSource source,
            Function<List<Life>, LifePretraining.Settings> settings,
            TrainingMonitor monitor)
            throws IOException {
        String key = key(typeId, sourceIdentity, template);
        Path dir = cacheDir.resolve(key);
        if (Files.exists(dir.resolve(LifeProtocol.FILE))) {
            return dir;
        }
        Files.createDirectories(cacheDir);
        List<Life> lives = source.lives();
        Path partial = Files.createTempDirectory(cacheDir, "." + key + "-");
        try (NDManager manager = NDManager.newBaseManager();
                LifePretraining.Outcome outcome = LifePretraining.run(settings.apply(lives), manager, monitor)) {
            outcome.save(partial);
            try {
                Files.move(partial, dir, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | java.nio.file.DirectoryNotEmptyException e) {
                // Another process finished the same base first: theirs is as good as ours.
                delete(partial);
            }
            return dir;
        } catch (IOException | RuntimeException e) {
            delete(partial);
            throw e;
        }
    }

    /** The cache directory's name for these inputs (what {@link #ensure} looks up). */
    public static String key(String typeId, String sourceIdentity, String template) {
        return typeId + "-" + hash(sourceIdentity + "\n" + template).substring(0, 16);
    }

    /**
     * The settings without their lives, for a cache key. The alert policy's {@code upperBoundBelow} and {@code
     * minHistorySteps} are left out: they do not change the base, and choosing it must not retrain the base it is chosen for.
     */
    public static String describe(LifePretraining.Settings s) {
        return String.join(
                "\n",
                AssetTypes.toJson(keyType(s.type())),
                "window=" + s.window(),
                "cap=" + s.rulCap(),
                "age=" + s.ageChannel(),
                "size=" + s.size(),
                "training=" + s.training(),
                "validation=" + s.validationFraction(),
                "level=" + s.level(),
                "stride=" + s.stride());
    }

    /**
     * The type as it enters a cache key: without the alert policy's {@code upperBoundBelow} and {@code
     * minHistorySteps}, which change neither the lives nor the base (a type without it is returned as it is, so earlier keys stay valid).
     */
    public static AssetType keyType(AssetType type) {
        var t = type.thresholds();
        return t.upperBoundBelow() == null && t.minHistorySteps() == null
                ? type
                : type.withThresholds(new Thresholds(t.remainingLife(), t.healthStage(), t.alertDelay()));
    }

    private static String hash(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}

package io.pdm.alerting.service.notify;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.pdm.alerting.notify.Notifier;
import io.pdm.alerting.notify.prefs.NotificationPreferences;
import io.pdm.alerting.notify.prefs.PreferencesFile;
import io.pdm.alerting.notify.prefs.UserPreferences;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reloads the preferences file when it changes, without a restart: every {@code every} it reads the file and, when its
 * bytes differ from the last ones read, parses it and hands the new preferences to the {@link Notifier} (the next
 * notification is routed by them; deliveries under way are not affected). The bytes are compared rather than the
 * modification time, which has a coarse granularity on some file systems and is not what changes when Kubernetes swaps
 * a ConfigMap's symlink.
 *
 * <p>A file that does not parse (or has gone) is refused: the error is logged with the file and the JSON pointer, counted
 * ({@code pdm.alerting.notify.preferences{outcome=refused}}), and the preferences in force stay; the same broken bytes
 * are not reported again. What else follows the file (the lifecycle's escalation list) is a {@link Follower}: it may
 * refuse a file that parses (an escalation to someone who is not a user) the same way, and is applied together with
 * the notifier's preferences or not at all.
 */
public final class PreferencesReload implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PreferencesReload.class);

    private final String plant;
    private final Path file;
    private final Notifier notifier;
    private final MeterRegistry meters;
    private final Follower follower;
    private final ScheduledExecutorService timer;
    private final AtomicLong reloads = new AtomicLong(), refusals = new AtomicLong();
    private byte[] lastDigest;

    /** Something besides the notifier that follows the preferences file. */
    @FunctionalInterface
    public interface Follower {
        /**
         * Checks the file's new preferences and returns what applies them; throws {@link IllegalArgumentException}
         * (naming what is wrong) to refuse the file, and then nothing of it is applied.
         */
        Runnable prepare(NotificationPreferences next);

        Follower NONE = next -> () -> {};
    }

    private PreferencesReload(String plant, Path file, Notifier notifier, MeterRegistry meters, Follower follower) {
        this.plant = plant;
        this.file = file;
        this.notifier = notifier;
        this.meters = meters;
        this.follower = follower;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "pdm-alerting-preferences-" + plant);
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts watching; the file's present bytes are the ones the notifier already has. */
    public static PreferencesReload start(
            String plant, Path file, Notifier notifier, MeterRegistry meters, Duration every) {
        return start(plant, file, notifier, meters, every, Follower.NONE);
    }

    /** Starts watching, with {@code follower} applied together with the notifier's preferences. */
    public static PreferencesReload start(
            String plant, Path file, Notifier notifier, MeterRegistry meters, Duration every, Follower follower) {
        PreferencesReload r = new PreferencesReload(plant, file, notifier, meters, follower);
        r.lastDigest = r.digest();
        r.timer.scheduleWithFixedDelay(r::check, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
        return r;
    }

    /** Preferences files applied since start. */
    public long reloads() {
        return reloads.get();
    }

    /** Changed files that were refused (not parsable, gone). */
    public long refusals() {
        return refusals.get();
    }

    /** Reads the file once; synchronized with the timer, so a test may call it too. */
    synchronized void check() {
        byte[] digest = digest();
        if (Arrays.equals(digest, lastDigest)) return;
        lastDigest = digest;
        NotificationPreferences after;
        Runnable alsoApply;
        try {
            after = PreferencesFile.load(file);
            alsoApply = follower.prepare(after);
        } catch (IOException | RuntimeException e) {
            refusals.incrementAndGet();
            count("refused");
            LOG.error(
                    "notifications of {}: the changed preferences file is refused, the previous preferences stay: {}",
                    plant,
                    e.getMessage());
            return;
        }
        notifier.preferences(after);
        alsoApply.run();
        reloads.incrementAndGet();
        count("reloaded");
        LOG.info(
                "notifications of {}: preferences reloaded from {}: {} user(s) ({})",
                plant,
                file,
                after.users().size(),
                after.users().stream().map(UserPreferences::name).toList());
    }

    /** SHA-256 of the file's bytes; an empty digest when it cannot be read (then a reload reports why). */
    private byte[] digest() {
        try {
            return MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file));
        } catch (IOException e) {
            return new byte[0];
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private void count(String outcome) {
        Counter.builder("pdm.alerting.notify.preferences")
                .description("changes of the preferences file, applied or refused")
                .tag("plant", plant)
                .tag("outcome", outcome)
                .register(meters)
                .increment();
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}

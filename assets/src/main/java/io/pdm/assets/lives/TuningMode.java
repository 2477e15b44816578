package io.pdm.assets.lives;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * While a tuning run is active, the C-MAPSS readers refuse the test files ({@code test_FD00N.txt} and
 * {@code RUL_FD00N.txt}): settings chosen with the test set in view would flatter every figure measured on it.
 * The flag is JVM-wide rather than per thread, so a helper thread of a tuning run is refused too; it is a counter, so
 * nested scopes close cleanly. The check is in the readers (the model's {@code CmapssFiles} and {@link CmapssLives}), not a convention of the tuner;
 * it lives here, beside the lowest C-MAPSS reader, so that every module reading C-MAPSS can be refused.
 *
 * <pre>{@code
 * try (TuningMode.Scope scope = TuningMode.enter()) {
 *     // CmapssSubset.load(...) throws TestDataRefusedException here; CmapssSubset.loadTraining(...) works
 * }
 * }</pre>
 */
public final class TuningMode {
    /** {@code test_FD001.txt}, {@code RUL_FD004.txt}, …: the files that hold the test engines and their true RUL. */
    private static final Pattern TEST_FILE = Pattern.compile("(?i)(test|RUL)_FD00[1-4]\\.txt");

    private static final AtomicInteger ACTIVE = new AtomicInteger();

    private TuningMode() {}

    /** A tuning run; closing it ends the refusal (when no other run is active). */
    public static final class Scope implements AutoCloseable {
        private boolean closed;

        private Scope() {}

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                ACTIVE.decrementAndGet();
            }
        }
    }

    public static Scope enter() {
        ACTIVE.incrementAndGet();
        return new Scope();
    }

    public static boolean active() {
        return ACTIVE.get() > 0;
    }

    /** Thrown by a C-MAPSS reader asked for a test file during a tuning run. */
    public static final class TestDataRefusedException extends IllegalStateException {
        private final transient Path file;

        public TestDataRefusedException(Path file, String message) {
            super(message);
            this.file = file;
        }

        public Path file() {
            return file;
        }
    }

    /**
     * Refuses {@code file} if a tuning run is active and the file, by its own name or by the name of the file it links
     * to, is a C-MAPSS test file. A training file name that is a link to a test file is refused too.
     */
    public static void checkReadable(Path file) throws IOException {
        if (!active()) {
            return;
        }
        String name = file.getFileName() == null ? "" : file.getFileName().toString();
        if (TEST_FILE.matcher(name).matches()) {
            throw new TestDataRefusedException(
                    file,
                    "refusing to read the test file " + file + " during a tuning run: settings are chosen on held-out"
                            + " training engines only, never on test_FD00N.txt or RUL_FD00N.txt");
        }
        if (Files.exists(file)) {
            Path real = file.toRealPath();
            String realName =
                    real.getFileName() == null ? "" : real.getFileName().toString();
            if (TEST_FILE.matcher(realName).matches()) {
                throw new TestDataRefusedException(
                        file,
                        "refusing to read " + file + " during a tuning run: it is the test file " + real
                                + "; settings are chosen on held-out training engines only");
            }
        }
    }
}

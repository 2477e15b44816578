package io.pdm.federated.aggregator.round;

import io.pdm.federated.rules.SpilledDeltas;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** The spool root: one {@code round-N} directory per open round whose rule spills its deltas. */
final class RoundSpool {

    private RoundSpool() {}

    /** Removes what a previous process spilled: its open round is aborted at start, so nothing there is needed. */
    static void clear(Path spoolRoot) {
        try {
            Files.createDirectories(spoolRoot);
            try (Stream<Path> left = Files.list(spoolRoot)) {
                for (Path directory : left.filter(
                                path -> path.getFileName().toString().startsWith("round-"))
                        .toList()) {
                    SpilledDeltas.deleteRecursively(directory);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the spool directory " + spoolRoot, e);
        }
    }

    static Path temporary() {
        try {
            return Files.createTempDirectory("pdm-fl-spool-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary spool directory", e);
        }
    }
}

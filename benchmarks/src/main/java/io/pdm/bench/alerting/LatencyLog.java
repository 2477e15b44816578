package io.pdm.bench.alerting;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/**
 * Every measured event of a latency run as a CSV row ({@code run,id,due_epoch_ms,latency_ms}), so outliers can be set
 * beside a GC log, a JFR recording or a broker log by wall time. The due times (when the candidate was to be sent;
 * its latency counts from there) are the bench's {@code nanoTime} stamps anchored once to the wall clock, so rows of
 * one run keep their exact spacing.
 */
final class LatencyLog {
    private final Path file;

    LatencyLog(Path file) {
        this.file = file;
    }

    /** @param due the due times and {@code received} arrivals, nanoTime stamps (received 0: never arrived, not written) */
    void append(String run, long[] due, long[] received, long anchorNanos, long anchorEpochMs) {
        StringBuilder b = new StringBuilder();
        if (!Files.exists(file)) b.append("run,id,due_epoch_ms,latency_ms\n");
        for (int i = 0; i < due.length; i++) {
            if (received[i] == 0) continue;
            double at = anchorEpochMs + (due[i] - anchorNanos) / 1e6;
            b.append(String.format(Locale.ROOT, "%s,%d,%.3f,%.3f%n", run, i, at, (received[i] - due[i]) / 1e6));
        }
        try {
            Files.writeString(file, b, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package io.pdm.devices.replay;

import io.pdm.schemas.Ids;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * What {@link CmapssReplay} publishes and how fast.
 *
 * @param dir              directory holding the C-MAPSS text files
 * @param subset           FD001 … FD004
 * @param split            TRAIN (run-to-failure, with a failure log per engine) or TEST (cut before failure, no logs)
 * @param plant            plant id the engines belong to
 * @param cyclesPerSecond  replay speed; {@code <= 0} publishes as fast as the publisher accepts
 * @param engines          replay only the first K engines; {@code <= 0} means all
 * @param start            timestamp of cycle 0; null means "now minus the longest trajectory", so the
 *                         replayed history ends about now (ingest rejects telemetry more than 5 min in the future)
 * @param cycleDuration    simulated time between two cycles (a C-MAPSS cycle is one flight)
 */
public record ReplayOptions(
        Path dir,
        String subset,
        CmapssReader.Split split,
        String plant,
        double cyclesPerSecond,
        int engines,
        Instant start,
        Duration cycleDuration) {
    public ReplayOptions {
        Objects.requireNonNull(dir, "dir");
        CmapssReader.file(dir, subset, CmapssReader.Split.TRAIN); // validates the subset name
        Objects.requireNonNull(split, "split");
        Ids.require("plant", plant);
        Objects.requireNonNull(cycleDuration, "cycleDuration");
        if (cycleDuration.isZero() || cycleDuration.isNegative())
            throw new IllegalArgumentException("cycleDuration must be > 0");
    }

    /** Train split, 10 cycles/s, all engines, 10 s per cycle, ending about now. */
    public static ReplayOptions of(Path dir, String subset, String plant) {
        return new ReplayOptions(dir, subset, CmapssReader.Split.TRAIN, plant, 10, 0, null, Duration.ofSeconds(10));
    }

    public ReplayOptions withSplit(CmapssReader.Split v) {
        return new ReplayOptions(dir, subset, v, plant, cyclesPerSecond, engines, start, cycleDuration);
    }

    public ReplayOptions withCyclesPerSecond(double v) {
        return new ReplayOptions(dir, subset, split, plant, v, engines, start, cycleDuration);
    }

    public ReplayOptions withEngines(int v) {
        return new ReplayOptions(dir, subset, split, plant, cyclesPerSecond, v, start, cycleDuration);
    }

    public ReplayOptions withStart(Instant v) {
        return new ReplayOptions(dir, subset, split, plant, cyclesPerSecond, engines, v, cycleDuration);
    }

    public ReplayOptions withCycleDuration(Duration v) {
        return new ReplayOptions(dir, subset, split, plant, cyclesPerSecond, engines, start, v);
    }

    public Path file() {
        return CmapssReader.file(dir, subset, split);
    }
}

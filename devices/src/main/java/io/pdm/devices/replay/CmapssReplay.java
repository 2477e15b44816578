package io.pdm.devices.replay;

import io.pdm.devices.sim.MqttPublisher;
import io.pdm.schemas.MqttTopics;
import io.pdm.schemas.mqtt.MaintenanceLogPayload;
import io.pdm.schemas.mqtt.PayloadJson;
import io.pdm.schemas.mqtt.ScalarSnapshotPayload;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Replays C-MAPSS trajectories as MQTT telemetry: each engine is an asset ({@code engine-001}, …) of one
 * plant, all engines run concurrently (step k publishes the k-th row of every engine that still has
 * one, so timestamps never go backwards across the fleet). A train trajectory ends in failure, so after
 * its last cycle a REPLACEMENT log is published and the feature pipeline sees failure and repair.
 */
public final class CmapssReplay {
    /** What was published; {@code firstTs}/{@code lastTs} bound the telemetry timestamps. */
    public record Result(
            int engines,
            int steps,
            long snapshots,
            long maintenanceLogs,
            Instant firstTs,
            Instant lastTs,
            Duration wallTime) {}

    private final ReplayOptions options;
    private final AtomicLong snapshots = new AtomicLong(), logs = new AtomicLong();

    public CmapssReplay(ReplayOptions options) {
        this.options = options;
    }

    /** Reads the file and publishes it; blocks until done (or interrupted). */
    public static Result run(ReplayOptions options, MqttPublisher out) throws IOException, InterruptedException {
        return new CmapssReplay(options).run(out);
    }

    /** Snapshots published so far (safe to read from another thread for a progress line). */
    public long snapshotsPublished() {
        return snapshots.get();
    }

    public long logsPublished() {
        return logs.get();
    }

    public static String assetId(int engine) {
        return String.format(Locale.ROOT, "engine-%03d", engine);
    }

    public Result run(MqttPublisher out) throws IOException, InterruptedException {
        long wall0 = System.nanoTime();
        List<CmapssReader.Engine> engines = CmapssReader.read(options.file());
        if (options.engines() > 0 && options.engines() < engines.size())
            engines = engines.subList(0, options.engines());
        if (engines.isEmpty()) throw new IllegalArgumentException("no engines in " + options.file());
        int steps = engines.stream().mapToInt(e -> e.cycles().size()).max().orElse(0);
        int maxCycle =
                engines.stream().mapToInt(CmapssReader.Engine::lastCycle).max().orElse(0);
        Duration dt = options.cycleDuration();
        Instant start = options.start() != null
                ? options.start()
                : Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(dt.multipliedBy(maxCycle));
        boolean failureLogs = options.split() == CmapssReader.Split.TRAIN;
        boolean paced = options.cyclesPerSecond() > 0 && Double.isFinite(options.cyclesPerSecond());
        String plant = options.plant();
        Instant first = null, last = null;
        for (int k = 0; k < steps; k++) {
            for (CmapssReader.Engine e : engines) {
                if (k >= e.cycles().size()) continue;
                CmapssReader.Cycle c = e.cycles().get(k);
                String asset = assetId(e.id());
                Instant ts = start.plus(dt.multipliedBy(c.cycle()));
                out.publish(
                        MqttTopics.telemetry(plant, asset),
                        PayloadJson.toBytes(new ScalarSnapshotPayload(ts, c.values())));
                snapshots.incrementAndGet();
                if (first == null || ts.isBefore(first)) first = ts;
                if (last == null || ts.isAfter(last)) last = ts;
                if (failureLogs && k == e.cycles().size() - 1) {
                    out.publish(
                            MqttTopics.maintenance(plant, asset),
                            PayloadJson.toBytes(failureLog(e, asset, start, ts.plus(dt.dividedBy(2)))));
                    logs.incrementAndGet();
                }
            }
            if (paced) {
                long due = wall0 + (long) ((k + 1) * 1e9 / options.cyclesPerSecond());
                long waitNs = due - System.nanoTime();
                if (waitNs > 0) Thread.sleep(waitNs / 1_000_000, (int) (waitNs % 1_000_000));
            }
        }
        out.flush(Duration.ofSeconds(30));
        return new Result(
                engines.size(),
                steps,
                snapshots.get(),
                logs.get(),
                first,
                last,
                Duration.ofNanos(System.nanoTime() - wall0));
    }

    /** The engine is removed half a cycle after its last flight. The id includes the start so a second replay is not deduplicated away. */
    private MaintenanceLogPayload failureLog(CmapssReader.Engine e, String asset, Instant start, Instant ts) {
        String subset = options.subset().toUpperCase(Locale.ROOT);
        String mode = subset.equals("FD001") || subset.equals("FD002") ? "HPC degradation" : "HPC or fan degradation";
        String id = "cmapss-" + subset.toLowerCase(Locale.ROOT) + "-" + asset + "-" + start.getEpochSecond();
        String text = String.format(
                Locale.ROOT,
                "%s failed at cycle %d (%s run-to-failure, %s). engine removed, replacement engine installed",
                asset,
                e.lastCycle(),
                subset,
                mode);
        return new MaintenanceLogPayload(id, ts, "REPLACEMENT", "engine", "line-mx", text);
    }
}

package io.pdm.devices.lives;

import io.pdm.assets.AssetType;
import io.pdm.assets.lives.Life;
import io.pdm.assets.lives.LifeEnd;
import io.pdm.features.flink.Observation;
import io.pdm.features.flink.WindowAccumulator;
import io.pdm.features.math.WaveformAnalyzer;
import io.pdm.features.records.Reading;
import io.pdm.schemas.mqtt.MaintenanceLogPayload;
import io.pdm.schemas.mqtt.ScalarSnapshotPayload;
import io.pdm.schemas.mqtt.WaveformBlockPayload;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One asset's readings → tumbling feature windows of the type's step length, computed by the feature pipeline's own
 * window state ({@link WindowAccumulator}, {@link WaveformAnalyzer}) → lives. A window counts as a step only if the
 * pump ran throughout and every model channel has a value; a pump stopping (speed 0) ends the life at that instant.
 *
 * <p>A step's age is the time from the pump's newest restoring maintenance (a REPLACEMENT or REPAIR log entry, or
 * before the first one the fitting the simulator reports) to the window's end: what a plant's records give, and what
 * the feature pipeline's {@code secondsSinceMaintenance} carries when no inspection was logged in between. It is not
 * the time since the simulation started, which says nothing of the pump.
 */
final class PumpFeatureWindows {
    /** Maintenance actions that restore a pump (as the inference service's {@code Restorations} reads them). */
    static final java.util.Set<String> RESTORING = java.util.Set.of("REPLACEMENT", "REPAIR");

    private final AssetType type;
    private final String asset;
    /** Epoch ms of the newest restoring maintenance: ages count from it. */
    private long origin;

    private final long windowMs;
    private final double ewmaAlpha;
    private final WaveformAnalyzer analyzer;
    private final List<String> channels;
    private final List<Life> lives = new ArrayList<>();

    private List<double[]> steps = new ArrayList<>();
    private List<Double> ages = new ArrayList<>();
    private long windowStart = Long.MIN_VALUE;
    private WindowAccumulator window;
    private boolean runningThroughout;
    private boolean running;
    private int lifeNumber;

    /**
     * @param renewedAt when the pump was last restored before its first reading (see {@link
     *     io.pdm.devices.sim.FleetSimulator#renewedAt})
     */
    PumpFeatureWindows(AssetType type, String asset, Instant renewedAt, int bands, double ewmaAlpha) {
        this.type = type;
        this.asset = asset;
        this.origin = renewedAt.toEpochMilli();
        this.windowMs = Math.round(type.step().seconds() * 1000);
        this.ewmaAlpha = ewmaAlpha;
        this.analyzer = new WaveformAnalyzer(bands);
        this.channels = type.modelChannels();
    }

    void snapshot(ScalarSnapshotPayload p) {
        long ts = p.ts().toEpochMilli();
        roll(ts);
        boolean nowRunning = p.values().getOrDefault("speed_rpm", 0.0) > 0;
        if (running && !nowRunning) {
            endLife(ts);
        }
        running = nowRunning;
        runningThroughout &= nowRunning;
        window.add(new Observation(Reading.scalar("sim", asset, ts, p.values()), null), ewmaAlpha);
    }

    void waveform(WaveformBlockPayload p) {
        long ts = p.ts().toEpochMilli();
        roll(ts);
        Reading block = Reading.waveform("sim", asset, ts, ts, p.sensor(), p.rateHz(), p.samples());
        window.add(new Observation(block, analyzer.analyze(p.samples()).toArray()), ewmaAlpha);
    }

    /**
     * A maintenance log entry of this pump: a REPLACEMENT or REPAIR restores it, so later steps' ages count from the
     * entry's time. The simulator logs it when the repair completes, as the pump starts again (a new life), so an age
     * never goes back within a life; inspections and lubrication leave the age running.
     */
    void maintenance(MaintenanceLogPayload p) {
        if (RESTORING.contains(p.action().trim().toUpperCase(java.util.Locale.ROOT))) {
            if (!steps.isEmpty()) {
                throw new IllegalStateException(asset + " was restored at " + p.ts() + " while running a life");
            }
            origin = p.ts().toEpochMilli();
        }
    }

    /** Closes the window when {@code ts} is past it; windows are [start, start + length), aligned to the epoch. */
    private void roll(long ts) {
        long start = Math.floorDiv(ts, windowMs) * windowMs;
        if (start == windowStart) {
            return;
        }
        if (window != null && runningThroughout && running) {
            step(window.features(), windowStart + windowMs);
        }
        windowStart = start;
        window = new WindowAccumulator();
        // A window the pump started in is partial (it was down at its start); it counts from the next one.
        runningThroughout = running;
    }

    private void step(Map<String, Double> features, long windowEnd) {
        double[] values = new double[channels.size()];
        for (int c = 0; c < values.length; c++) {
            Double v = features.get(channels.get(c));
            if (v == null || !Double.isFinite(v)) {
                return; // e.g. no vibration block in the window: not a complete step
            }
            values[c] = v;
        }
        steps.add(values);
        ages.add(toLifeUnits(windowEnd));
    }

    /** The pump went down at {@code ts}: the life so far ends in a failure or a repair for cause. */
    private void endLife(long ts) {
        if (!steps.isEmpty()) {
            double lastAge = ages.get(ages.size() - 1);
            double downAge = toLifeUnits(ts);
            lives.add(life(LifeEnd.FAILED, Math.max(0, downAge - lastAge)));
        }
        steps = new ArrayList<>();
        ages = new ArrayList<>();
        window = new WindowAccumulator();
        runningThroughout = false;
    }

    private double toLifeUnits(long ts) {
        double hours = (ts - origin) / 3_600_000.0;
        return type.lifeUnit() == io.pdm.assets.LifeUnit.HOURS
                ? hours
                : hours * 3600 / type.step().seconds();
    }

    private Life life(LifeEnd end, Double remaining) {
        double[] a = new double[ages.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = ages.get(i);
        }
        return new Life(
                asset + "/" + (++lifeNumber),
                asset,
                type.id(),
                channels,
                steps.toArray(double[][]::new),
                a,
                end,
                remaining);
    }

    /** The lives so far; a running stretch at the end is censored (its remainder is unknown). */
    List<Life> finish() {
        if (!steps.isEmpty()) {
            lives.add(life(LifeEnd.CENSORED, null));
            steps = new ArrayList<>();
            ages = new ArrayList<>();
        }
        return List.copyOf(lives);
    }
}

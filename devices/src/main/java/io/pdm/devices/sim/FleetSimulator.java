package io.pdm.devices.sim;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Deterministic model of a fleet of pump sets: no I/O, no wall clock. Each {@link #step()} advances
 * simulated time by one tick (the snapshot interval) and returns the MQTT messages due at that instant,
 * in a fixed order (plants, then assets, as configured). Same config and seed ⇒ same bytes.
 */
public final class FleetSimulator {
    private final FleetConfig config;
    private final long seed;
    private final List<AssetModel> assets = new ArrayList<>();
    private final long tickMs;
    private long t;

    public FleetSimulator(FleetConfig config, long seed) {
        this.config = config;
        this.seed = seed;
        this.tickMs = config.snapshotInterval().toMillis();
        SplittableRandom master = new SplittableRandom(seed);
        int index = 0;
        for (String plant : config.plants()) {
            AssetModel.PlantCrew crew = new AssetModel.PlantCrew(master.split());
            for (String asset : config.assetIds()) {
                // Malformed injection draws from its own stream, so turning it on leaves the valid data unchanged.
                SplittableRandom rng = master.split(), bad = master.split();
                assets.add(new AssetModel(config, plant, asset, index++, crew, rng, bad));
            }
        }
    }

    public FleetConfig config() {
        return config;
    }

    public long seed() {
        return seed;
    }

    /** Simulated time of the last step (the configured start before the first one). */
    public Instant now() {
        return config.start().plusMillis(t);
    }

    public Duration elapsed() {
        return Duration.ofMillis(t);
    }

    public Duration tick() {
        return Duration.ofMillis(tickMs);
    }

    /** Advances one tick and returns the messages stamped at the new {@link #now()} (repair logs may carry a slightly earlier time). */
    public List<SimMessage> step() {
        t += tickMs;
        List<SimMessage> out = new ArrayList<>(assets.size() + 4);
        for (AssetModel a : assets) a.advance(t, tickMs, out);
        return out;
    }

    /** Steps until at least {@code d} of simulated time has passed; returns everything emitted, in order. */
    public List<SimMessage> advance(Duration d) {
        List<SimMessage> out = new ArrayList<>();
        long end = t + d.toMillis();
        while (t < end) out.addAll(step());
        return out;
    }

    /**
     * When the asset's newest restoring maintenance (REPLACEMENT or REPAIR) happened: its last repair's completion
     * (the time of that log entry), or, before the first, when its newer component was fitted, implied by the wear
     * the fleet starts with at average load (before the start; no log entry is published for it). What a plant's
     * maintenance records give as the time since the pump was last restored.
     *
     * @throws IllegalArgumentException for an asset the fleet does not have
     */
    public Instant renewedAt(String plant, String asset) {
        return assets.stream()
                .filter(a -> a.plant.equals(plant) && a.asset.equals(asset))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no asset " + plant + "/" + asset + " in the fleet"))
                .renewedAt();
    }

    /** Ground truth per asset, in publishing order. */
    public List<AssetStatus> status() {
        return assets.stream().map(AssetModel::status).toList();
    }
}

package io.pdm.devices.lives;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.pdm.assets.AssetType;
import io.pdm.assets.lives.Life;
import io.pdm.assets.lives.LifeSource;
import io.pdm.devices.sim.FleetConfig;
import io.pdm.devices.sim.FleetSimulator;
import io.pdm.devices.sim.SimMessage;
import io.pdm.schemas.MqttTopics;
import io.pdm.schemas.mqtt.MaintenanceLogPayload;
import io.pdm.schemas.mqtt.PayloadJson;
import io.pdm.schemas.mqtt.ScalarSnapshotPayload;
import io.pdm.schemas.mqtt.WaveformBlockPayload;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.DoubleConsumer;

/**
 * Run-to-failure lives of the simulator's pump sets, offline: the pure {@link FleetSimulator} is fast-forwarded for
 * several seeds and its readings become feature windows with the feature pipeline's own functions ({@link
 * PumpFeatureWindows}), so the lives look exactly like what {@code pdm.{plant}.features.v1} carries. A life is one
 * running stretch of an asset: it ends when the pump goes down (a failure or a repair for cause, the only reasons the
 * simulator stops a pump), and the stretch running when the simulation stops is censored.
 *
 * @param type       the asset type (normally the shipped {@code pump-set}): its model channels and step length
 * @param fleet      the simulator's configuration (its start is fixed so the lives are reproducible)
 * @param seeds      one simulation per seed
 * @param simulated  simulated time per seed
 * @param bands      spectral bands of the feature pipeline (8)
 * @param ewmaAlpha  the feature pipeline's EWMA factor (0.3)
 */
public record PumpLives(
        AssetType type, FleetConfig fleet, List<Long> seeds, Duration simulated, int bands, double ewmaAlpha)
        implements LifeSource {
    public PumpLives {
        seeds = List.copyOf(seeds);
        if (type.step().seconds() == null) {
            throw new IllegalArgumentException("type " + type.id() + " has no step length: not a feature-window type");
        }
    }

    /**
     * The demo's fleet (90-minute mean component life, inspections every 2 h, 1 s snapshots, vibration blocks every
     * 10 s) with 16 pumps, 4 seeds × 12 simulated hours: about 200 lives of 64 pumps (nameplates differ per pump, so
     * the base needs many pumps more than many lives of a few).
     */
    public static PumpLives demo(AssetType type) {
        FleetConfig fleet = FleetConfig.defaults()
                .withPlants(List.of("sim"))
                .withAssetsPerPlant(16)
                .withStart(Instant.parse("2025-01-01T00:00:00Z"))
                .withMeanLife(Duration.ofMinutes(90))
                .withInspectionInterval(Duration.ofHours(2));
        return new PumpLives(type, fleet, List.of(1L, 2L, 3L, 4L), Duration.ofHours(12), 8, 0.3);
    }

    /**
     * The same simulated pump at another time scale: {@code pumps} pumps whose components last {@code meanLife} on
     * average, inspected every {@code inspection}. The sampling follows the type's step so every window holds 60
     * snapshots and 6 vibration blocks whatever its length: a 60 s step gives the demo's 1 s snapshots and 10 s blocks,
     * an hourly step 60 s snapshots and a block every 10 min (a simulated pump-month then costs what a pump-half-day
     * costs at the demo's sampling).
     */
    public static PumpLives atScale(
            AssetType type, int pumps, Duration meanLife, Duration inspection, List<Long> seeds, Duration simulated) {
        Duration step = Duration.ofMillis(Math.round(type.step().seconds() * 1000));
        FleetConfig fleet = FleetConfig.defaults()
                .withPlants(List.of("sim"))
                .withAssetsPerPlant(pumps)
                .withStart(Instant.parse("2025-01-01T00:00:00Z"))
                .withSnapshotInterval(step.dividedBy(60))
                .withWaveformInterval(step.dividedBy(6))
                .withMeanLife(meanLife)
                .withInspectionInterval(inspection);
        return new PumpLives(type, fleet, seeds, simulated, 8, 0.3);
    }

    public PumpLives withSeeds(List<Long> value) {
        return new PumpLives(type, fleet, value, simulated, bands, ewmaAlpha);
    }

    public PumpLives withSimulated(Duration value) {
        return new PumpLives(type, fleet, seeds, value, bands, ewmaAlpha);
    }

    /**
     * Everything the lives depend on, for a cache key: same identity, same lives. A step's age (since the pump's last
     * restoring maintenance; before 2026-12-06 since the simulation's start) is left out: the two differ by a
     * constant per life, which changes neither a base's targets nor its inputs unless it reads the age, and a base
     * that reads it has its own key ({@code age=true}) and never existed with the old ages.
     */
    public String identity() {
        Map<String, Object> id = new LinkedHashMap<>();
        id.put("type", io.pdm.assets.AssetTypes.toJson(type));
        id.put("fleet", fleet.toString());
        id.put("seeds", seeds);
        id.put("simulated", simulated.toString());
        id.put("bands", bands);
        id.put("ewmaAlpha", ewmaAlpha);
        id.put("features", "io.pdm.features.flink.WindowAccumulator v1");
        try {
            return new ObjectMapper().writeValueAsString(id);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public List<Life> lives() throws IOException {
        return lives(fraction -> {});
    }

    /** Simulates the seeds on up to two threads; {@code progress} hears the done fraction of simulated time. */
    public List<Life> lives(DoubleConsumer progress) throws IOException {
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(seeds.size(), 2));
        AtomicLong done = new AtomicLong();
        long total = simulated.toMillis() * seeds.size();
        try {
            List<Future<List<Life>>> futures = new ArrayList<>();
            for (long seed : seeds) {
                futures.add(pool.submit(
                        () -> simulate(seed, ms -> progress.accept(done.addAndGet(ms) / (double) total))));
            }
            List<Life> lives = new ArrayList<>();
            for (Future<List<Life>> f : futures) {
                lives.addAll(f.get());
            }
            return List.copyOf(lives);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while simulating pump lives", e);
        } catch (ExecutionException e) {
            throw new IOException("simulating pump lives failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /** One seed's fleet, fast-forwarded; {@code advanced} hears each simulated hour. */
    List<Life> simulate(long seed, java.util.function.LongConsumer advanced) {
        FleetSimulator sim = new FleetSimulator(fleet, seed);
        ObjectMapper json = PayloadJson.mapper();
        Map<String, PumpFeatureWindows> assets = new LinkedHashMap<>();
        long end = simulated.toMillis();
        long reported = 0;
        String prefix = String.format(Locale.ROOT, "seed%d/", seed);
        while (sim.elapsed().toMillis() < end) {
            for (SimMessage m : sim.step()) {
                if (m.kind() == SimMessage.Kind.MALFORMED) {
                    continue; // carries no readings
                }
                MqttTopics.Address address = MqttTopics.parse(m.topic()).orElseThrow();
                // created at the asset's first message, before any repair: ages count from its fitting
                PumpFeatureWindows windows = assets.computeIfAbsent(
                        address.asset(),
                        a -> new PumpFeatureWindows(
                                type,
                                prefix + address.plant() + "/" + a,
                                sim.renewedAt(address.plant(), a),
                                bands,
                                ewmaAlpha));
                try {
                    switch (m.kind()) {
                        case SNAPSHOT -> windows.snapshot(json.readValue(m.payload(), ScalarSnapshotPayload.class));
                        case WAVEFORM -> windows.waveform(json.readValue(m.payload(), WaveformBlockPayload.class));
                        case MAINTENANCE ->
                            windows.maintenance(json.readValue(m.payload(), MaintenanceLogPayload.class));
                        default -> throw new IllegalStateException("unexpected message kind " + m.kind());
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException("the simulator's own message did not parse: " + m.topic(), e);
                }
            }
            long now = sim.elapsed().toMillis();
            if (now - reported >= 3_600_000L || now >= end) {
                advanced.accept(now - reported);
                reported = now;
            }
        }
        List<Life> lives = new ArrayList<>();
        assets.values().forEach(w -> lives.addAll(w.finish()));
        return lives;
    }
}

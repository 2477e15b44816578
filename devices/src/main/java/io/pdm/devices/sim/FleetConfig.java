package io.pdm.devices.sim;

import io.pdm.schemas.Ids;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;

/**
 * What the fleet simulator models and how often it reports. All times are simulated time.
 *
 * @param plants             plant ids (each must match {@link Ids#ID})
 * @param assetsPerPlant     pump sets per plant, named {@code pump-01}, {@code pump-02}, …
 * @param start              simulated instant of the first tick
 * @param snapshotInterval   scalar snapshot period per asset; also the simulator's tick
 * @param waveformInterval   vibration block period per asset (rounded up to whole ticks)
 * @param waveformSamples    samples per vibration block
 * @param waveformRateHz     vibration sampling rate
 * @param meanLife           expected time from new to failure of one failure mode at average load,
 *                           without maintenance; per-asset rates scatter around it
 * @param inspectionInterval routine inspection period per asset (staggered across assets)
 * @param regimeDwell        mean time an asset stays in one operating regime
 * @param malformedFraction  probability that a snapshot is followed by an extra malformed message (0 = none)
 */
public record FleetConfig(
        List<String> plants,
        int assetsPerPlant,
        Instant start,
        Duration snapshotInterval,
        Duration waveformInterval,
        int waveformSamples,
        double waveformRateHz,
        Duration meanLife,
        Duration inspectionInterval,
        Duration regimeDwell,
        double malformedFraction) {

    public FleetConfig {
        plants = List.copyOf(plants);
        if (plants.isEmpty()) throw new IllegalArgumentException("at least one plant");
        plants.forEach(p -> Ids.require("plant", p));
        if (plants.stream().distinct().count() != plants.size())
            throw new IllegalArgumentException("duplicate plant ids");
        if (assetsPerPlant < 1 || assetsPerPlant > 99)
            throw new IllegalArgumentException("assetsPerPlant must be 1..99");
        Objects.requireNonNull(start, "start");
        requirePositive("snapshotInterval", snapshotInterval);
        requirePositive("waveformInterval", waveformInterval);
        requirePositive("meanLife", meanLife);
        requirePositive("inspectionInterval", inspectionInterval);
        requirePositive("regimeDwell", regimeDwell);
        if (snapshotInterval.toMillis() < 1) throw new IllegalArgumentException("snapshotInterval must be >= 1 ms");
        if (waveformSamples < 16) throw new IllegalArgumentException("waveformSamples must be >= 16");
        // The bearing resonance (up to 2.2 kHz) must stay below Nyquist.
        if (waveformRateHz < 4800) throw new IllegalArgumentException("waveformRateHz must be >= 4800");
        if (!(malformedFraction >= 0 && malformedFraction <= 1))
            throw new IllegalArgumentException("malformedFraction must be in [0,1]");
    }

    /** 3 plants × 4 pumps, 1 s snapshots, 1,024-sample blocks at 5,120 Hz every 10 s, 24 h mean life, starting now. */
    public static FleetConfig defaults() {
        return new FleetConfig(
                List.of("plant-a", "plant-b", "plant-c"),
                4,
                Instant.now().truncatedTo(ChronoUnit.SECONDS),
                Duration.ofSeconds(1),
                Duration.ofSeconds(10),
                1024,
                5120.0,
                Duration.ofHours(24),
                Duration.ofHours(24),
                Duration.ofMinutes(45),
                0.0);
    }

    public FleetConfig withPlants(List<String> v) {
        return new FleetConfig(
                v,
                assetsPerPlant,
                start,
                snapshotInterval,
                waveformInterval,
                waveformSamples,
                waveformRateHz,
                meanLife,
                inspectionInterval,
                regimeDwell,
                malformedFraction);
    }

    public FleetConfig withAssetsPerPlant(int v) {
        return new FleetConfig(
                plants,
                v,
                start,
                snapshotInterval,
                waveformInterval,
                waveformSamples,
                waveformRateHz,
                meanLife,
                inspectionInterval,
                regimeDwell,
                malformedFraction);
    }

    public FleetConfig withStart(Instant v) {
        return new FleetConfig(
                plants,
                assetsPerPlant,
                v,
                snapshotInterval,
                waveformInterval,
                waveformSamples,
                waveformRateHz,
                meanLife,
                inspectionInterval,
                regimeDwell,
                malformedFraction);
    }

    public FleetConfig withSnapshotInterval(Duration v) {
        return new FleetConfig(
                plants,
                assetsPerPlant,
                start,
                v,
                waveformInterval,
                waveformSamples,
                waveformRateHz,
                meanLife,
                inspectionInterval,
                regimeDwell,
                malformedFraction);
    }

    public FleetConfig withWaveformInterval(Duration v) {
        return new FleetConfig(
                plants,
                assetsPerPlant,
                start,
                snapshotInterval,
                v,
                waveformSamples,
                waveformRateHz,
                meanLife,
                inspectionInterval,
                regimeDwell,
                malformedFraction);
    }

    public FleetConfig withWaveform(int samples, double rateHz) {
        return new FleetConfig(
                plants,
                assetsPerPlant,
                start,
                snapshotInterval,
                waveformInterval,
                samples,
                rateHz,
                meanLife,
                inspectionInterval,
                regimeDwell,
                malformedFraction);
    }

    public FleetConfig withMeanLife(Duration v) {
        return new FleetConfig(
                plants,
                assetsPerPlant,
                start,
                snapshotInterval,
                waveformInterval,
                waveformSamples,
                waveformRateHz,
                v,
                inspectionInterval,
                regimeDwell,
                malformedFraction);
    }

    public FleetConfig withInspectionInterval(Duration v) {
        return new FleetConfig(
                plants,
                assetsPerPlant,
                start,
                snapshotInterval,
                waveformInterval,
                waveformSamples,
                waveformRateHz,
                meanLife,
                v,
                regimeDwell,
                malformedFraction);
    }

    public FleetConfig withRegimeDwell(Duration v) {
        return new FleetConfig(
                plants,
                assetsPerPlant,
                start,
                snapshotInterval,
                waveformInterval,
                waveformSamples,
                waveformRateHz,
                meanLife,
                inspectionInterval,
                v,
                malformedFraction);
    }

    public FleetConfig withMalformedFraction(double v) {
        return new FleetConfig(
                plants,
                assetsPerPlant,
                start,
                snapshotInterval,
                waveformInterval,
                waveformSamples,
                waveformRateHz,
                meanLife,
                inspectionInterval,
                regimeDwell,
                v);
    }

    /** Asset ids of one plant: {@code pump-01} … */
    public List<String> assetIds() {
        return java.util.stream.IntStream.rangeClosed(1, assetsPerPlant)
                .mapToObj(i -> String.format("pump-%02d", i))
                .toList();
    }

    private static void requirePositive(String name, Duration d) {
        Objects.requireNonNull(d, name);
        if (d.isZero() || d.isNegative()) throw new IllegalArgumentException(name + " must be > 0");
    }
}

package io.pdm.launcher.model;

import io.pdm.assets.AssetType;
import io.pdm.devices.lives.PumpLives;
import io.pdm.launcher.Durations;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The simulated pump fleet whose lives a command reads ({@code model pretrain --lives sim:SEEDS}, {@code alerts eval
 * --simulator}): the demo's time scale by default, or a plant's with e.g. {@code --mean-life 60d --inspection-interval
 * 14d --sim-days 180} and an hourly type such as {@code pump-set-field}. Sampling follows the type's step
 * ({@link PumpLives#atScale}). Durations as {@code pdm} reads them everywhere (90m, 14d, PT2H).
 */
public final class SimulatorFleetArgs {
    @Option(
            names = "--pumps",
            defaultValue = "16",
            description = "Pumps per simulated fleet (default ${DEFAULT-VALUE}).")
    public int pumps;

    @Option(
            names = "--mean-life",
            defaultValue = "90m",
            converter = Durations.Converter.class,
            description = "Simulated mean component life at average load (default ${DEFAULT-VALUE}, the demo's;"
                    + " a plant's pumps: e.g. 60d).")
    Duration meanLife;

    @Option(
            names = "--inspection-interval",
            defaultValue = "2h",
            converter = Durations.Converter.class,
            description = "Simulated routine inspection period (default ${DEFAULT-VALUE}, the demo's; e.g. 14d).")
    Duration inspection;

    @Option(names = "--sim-days", description = "Simulated days per seed (overrides the command's simulated hours).")
    Integer simDays;

    /** The fleet of {@code type} for {@code seeds}, simulated {@code hours} per seed unless --sim-days was given. */
    public PumpLives lives(AssetType type, List<Long> seeds, long hours) {
        Duration simulated = simDays != null ? Duration.ofDays(simDays) : Duration.ofHours(hours);
        if (simulated.isZero() || simulated.isNegative()) {
            throw new IllegalArgumentException("the simulated time per seed must be positive, got " + simulated);
        }
        return PumpLives.atScale(type, pumps, meanLife, inspection, seeds, simulated);
    }

    /** Whether this is the demo's time scale (its pump base is cached by the demo's own recipe). */
    public boolean demoScale() {
        return meanLife.equals(Duration.ofMinutes(90)) && inspection.equals(Duration.ofHours(2));
    }
}

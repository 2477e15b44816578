package io.pdm.launcher;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Everything {@code pdm demo} needs to know, resolved from the command line.
 *
 * @param clock     how the simulator stamps its readings: {@code now} (the current time, paced at
 *                  real time) or {@code replay} (simulated history from the past at {@code speed})
 * @param inference what the plants' inference services score with and how they write
 */
public record DemoSettings(
        Infrastructure.Settings infrastructure,
        List<String> plants,
        int assetsPerPlant,
        double speed,
        DemoCommand.Clock clock,
        long seed,
        double malformedFraction,
        DemoCommand.Source source,
        Path cmapssDir,
        String cmapssSubset,
        Duration window,
        int restPort,
        Duration duration,
        DemoInference.Options inference) {

    public DemoSettings {
        plants = List.copyOf(plants);
    }

    public Path pumpBase() {
        return inference.pumpBase();
    }

    public DemoSettings withPumpBase(Path dir) {
        return new DemoSettings(
                infrastructure,
                plants,
                assetsPerPlant,
                speed,
                clock,
                seed,
                malformedFraction,
                source,
                cmapssDir,
                cmapssSubset,
                window,
                restPort,
                duration,
                inference.withPumpBase(dir));
    }

    public DemoSettings withWriter(io.pdm.inference.service.WriterSettings writer) {
        return new DemoSettings(
                infrastructure,
                plants,
                assetsPerPlant,
                speed,
                clock,
                seed,
                malformedFraction,
                source,
                cmapssDir,
                cmapssSubset,
                window,
                restPort,
                duration,
                inference.withWriter(writer));
    }
}

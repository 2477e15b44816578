package io.pdm.launcher;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Everything {@code pdm demo} needs to know, resolved from the command line. */
public record DemoSettings(
        Infrastructure.Settings infrastructure,
        List<String> plants,
        int assetsPerPlant,
        double speed,
        long seed,
        double malformedFraction,
        DemoCommand.Source source,
        Path cmapssDir,
        String cmapssSubset,
        Duration window,
        int restPort,
        Duration duration) {

    public DemoSettings {
        plants = List.copyOf(plants);
    }
}

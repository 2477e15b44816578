package io.pdm.launcher;

import io.pdm.inference.service.WriterSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Everything {@code pdm demo} needs to know, resolved from the command line.
 *
 * @param pumpBase the pump base model directory, null to watch the pumps' condition only
 * @param writer   how alert texts are written
 */
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
        Duration duration,
        Path pumpBase,
        WriterSettings writer) {

    public DemoSettings {
        plants = List.copyOf(plants);
    }

    public DemoSettings withPumpBase(Path dir) {
        return new DemoSettings(
                infrastructure,
                plants,
                assetsPerPlant,
                speed,
                seed,
                malformedFraction,
                source,
                cmapssDir,
                cmapssSubset,
                window,
                restPort,
                duration,
                dir,
                writer);
    }
}

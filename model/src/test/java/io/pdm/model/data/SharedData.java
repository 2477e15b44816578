package io.pdm.model.data;

import io.pdm.model.data.cmapss.CmapssSubset;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The real data sets under {@code pdm.shared.data} (set by surefire); subsets are loaded once per JVM. */
public final class SharedData {
    private static final Map<String, CmapssSubset> SUBSETS = new ConcurrentHashMap<>();

    private SharedData() {}

    public static Path root() {
        String property = System.getProperty("pdm.shared.data");
        if (property == null || !Files.isDirectory(Path.of(property))) {
            throw new IllegalStateException(
                    "system property pdm.shared.data must name the shared data directory, was " + property);
        }
        return Path.of(property);
    }

    public static Path cmapssDir() {
        return root().resolve("cmapss");
    }

    public static Path maintenanceLogsDir() {
        return root().resolve("maintenance-logs");
    }

    public static CmapssSubset cmapss(String name) {
        return SUBSETS.computeIfAbsent(name, n -> {
            try {
                return CmapssSubset.load(cmapssDir(), n);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}

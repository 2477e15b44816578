package io.pdm.devices.replay;

import io.pdm.assets.lives.CmapssLives;
import io.pdm.assets.lives.Life;
import io.pdm.assets.lives.LifeEnd;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads NASA C-MAPSS files ({@code train_FD00N.txt}, {@code test_FD00N.txt}): one row per engine and
 * cycle, 26 whitespace-separated columns (unit, cycle, 3 operational settings, 21 sensors), lines end
 * with trailing spaces.
 */
public final class CmapssReader {
    public static final int SETTINGS = CmapssLives.SETTINGS,
            SENSORS = CmapssLives.SENSORS,
            COLUMNS = CmapssLives.COLUMNS;

    public enum Split {
        TRAIN,
        TEST
    }

    /** One row. */
    public record Cycle(int engine, int cycle, double[] settings, double[] sensors) {
        /** {@code setting1..3}, {@code s1..s21}, the snapshot's value names. */
        public Map<String, Double> values() {
            Map<String, Double> v = new LinkedHashMap<>();
            for (int i = 0; i < SETTINGS; i++) v.put("setting" + (i + 1), settings[i]);
            for (int i = 0; i < SENSORS; i++) v.put("s" + (i + 1), sensors[i]);
            return v;
        }
    }

    /** One engine's trajectory, cycles in file order (1, 2, …). */
    public record Engine(int id, List<Cycle> cycles) {
        public Engine {
            cycles = List.copyOf(cycles);
        }

        public int lastCycle() {
            return cycles.get(cycles.size() - 1).cycle();
        }
    }

    private CmapssReader() {}

    /** {@code dir/train_FD001.txt} for ("FD001", TRAIN); the subset is case-insensitive. */
    public static Path file(Path dir, String subset, Split split) {
        return CmapssLives.file(dir, subset, CmapssLives.Split.valueOf(split.name()));
    }

    /** Engines in file order (ascending ids in NASA's files); parsed by the one C-MAPSS parser, {@link CmapssLives}. */
    public static List<Engine> read(Path file) throws IOException {
        List<Engine> engines = new ArrayList<>();
        for (Life life : CmapssLives.read(file, LifeEnd.FAILED, null)) {
            int id = CmapssLives.unit(life);
            List<Cycle> cycles = new ArrayList<>(life.steps());
            for (int t = 0; t < life.steps(); t++) {
                double[] row = life.step(t);
                cycles.add(new Cycle(
                        id,
                        (int) life.age(t),
                        Arrays.copyOfRange(row, 0, SETTINGS),
                        Arrays.copyOfRange(row, SETTINGS, SETTINGS + SENSORS)));
            }
            engines.add(new Engine(id, cycles));
        }
        return engines;
    }

    public static List<Engine> read(Path dir, String subset, Split split) throws IOException {
        return read(file(dir, subset, split));
    }
}

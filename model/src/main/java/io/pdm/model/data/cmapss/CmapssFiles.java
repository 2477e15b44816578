package io.pdm.model.data.cmapss;

import io.pdm.assets.lives.CmapssLives;
import io.pdm.assets.lives.Life;
import io.pdm.assets.lives.LifeEnd;
import io.pdm.assets.lives.LifeFormatException;
import io.pdm.assets.lives.TuningMode;
import io.pdm.model.data.MalformedDataException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * NASA's C-MAPSS text files as engines. The parsing is {@link CmapssLives}' (one parser for the model, the replay
 * and any other reader); this only turns its lives into {@link CmapssEngine}s and keeps the model's exception type.
 * Both readers refuse the test files while a tuning run is active ({@link TuningMode}).
 */
final class CmapssFiles {
    private CmapssFiles() {}

    /** Reads a train_/test_ file: rows grouped by unit, cycles 1, 2, 3, … within each unit. */
    static List<CmapssEngine> readEngines(Path file) throws IOException {
        TuningMode.checkReadable(file);
        try {
            return CmapssLives.read(file, LifeEnd.FAILED, null).stream()
                    .map(CmapssFiles::toEngine)
                    .toList();
        } catch (LifeFormatException e) {
            throw malformed(e);
        }
    }

    /** Reads an RUL_ file: one integer per line, the true RUL after the last cycle of test unit i. */
    static int[] readRul(Path file) throws IOException {
        TuningMode.checkReadable(file);
        try {
            return CmapssLives.readRul(file);
        } catch (LifeFormatException e) {
            throw malformed(e);
        }
    }

    /** An engine from a C-MAPSS life: the first three channels are the settings, the other 21 the sensors. */
    static CmapssEngine toEngine(Life life) {
        int cycles = life.steps();
        float[][] settings = new float[cycles][CmapssEngine.SETTINGS];
        float[][] sensors = new float[cycles][CmapssEngine.SENSORS];
        for (int t = 0; t < cycles; t++) {
            for (int i = 0; i < CmapssEngine.SETTINGS; i++) {
                settings[t][i] = (float) life.value(t, i);
            }
            for (int i = 0; i < CmapssEngine.SENSORS; i++) {
                sensors[t][i] = (float) life.value(t, CmapssEngine.SETTINGS + i);
            }
        }
        return new CmapssEngine(CmapssLives.unit(life), settings, sensors);
    }

    private static MalformedDataException malformed(LifeFormatException e) {
        MalformedDataException m = e.line() > 0
                ? new MalformedDataException(e.file(), e.line(), e.problem())
                : new MalformedDataException(e.file(), e.problem());
        m.initCause(e);
        return m;
    }
}

package io.pdm.model.data.cmapss;

import io.pdm.assets.lives.TuningMode;
import io.pdm.model.data.MalformedDataException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One C-MAPSS subset (FD001…FD004): run-to-failure training engines, truncated test engines and the
 * true RUL of each test engine after its last cycle ({@code testRul[i]} belongs to {@code test.get(i)}).
 */
public record CmapssSubset(String name, List<CmapssEngine> train, List<CmapssEngine> test, int[] testRul) {
    private static final Pattern NAME = Pattern.compile("FD00[1-4]");

    public CmapssSubset {
        train = List.copyOf(train);
        test = List.copyOf(test);
        testRul = testRul.clone();
        if (testRul.length != test.size()) {
            throw new IllegalArgumentException(
                    name + ": " + test.size() + " test engines but " + testRul.length + " RUL values");
        }
    }

    @Override
    public int[] testRul() {
        return testRul.clone();
    }

    /** Loads {@code train_<name>.txt}, {@code test_<name>.txt} and {@code RUL_<name>.txt} from {@code dir}. */
    public static CmapssSubset load(Path dir, String name) throws IOException {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("subset name must be FD001…FD004, was '" + name + "'");
        }
        List<CmapssEngine> train = CmapssFiles.readEngines(dir.resolve("train_" + name + ".txt"));
        List<CmapssEngine> test = CmapssFiles.readEngines(dir.resolve("test_" + name + ".txt"));
        Path rulFile = dir.resolve("RUL_" + name + ".txt");
        int[] rul = CmapssFiles.readRul(rulFile);
        if (rul.length != test.size()) {
            throw new MalformedDataException(rulFile, rul.length + " RUL values for " + test.size() + " test engines");
        }
        return new CmapssSubset(name, train, test, rul);
    }

    /**
     * Loads {@code train_<name>.txt} only: no test engines, no RUL file. This is what a tuning run reads
     * ({@link TuningMode}); {@link #load} there is refused at the test file.
     */
    public static CmapssSubset loadTraining(Path dir, String name) throws IOException {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("subset name must be FD001…FD004, was '" + name + "'");
        }
        return new CmapssSubset(
                name, CmapssFiles.readEngines(dir.resolve("train_" + name + ".txt")), List.of(), new int[0]);
    }

    /** How a run gets its subset: {@link #load} (with the test set) or {@link #loadTraining} (without). */
    @FunctionalInterface
    public interface Loader {
        CmapssSubset load(Path dir, String name) throws IOException;
    }

    @Override
    public String toString() {
        return "CmapssSubset[" + name + ", train=" + train.size() + ", test=" + test.size() + "]";
    }
}

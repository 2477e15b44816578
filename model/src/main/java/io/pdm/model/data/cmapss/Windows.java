package io.pdm.model.data.cmapss;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * Cuts normalised engine trajectories into windows: sliding windows for training, the last window of
 * each test engine for the benchmark, and last windows of truncated training engines for validation.
 * A window ending before cycle {@code length} is left-padded by repeating the engine's first cycle.
 */
public final class Windows {
    private Windows() {}

    /** Training windows with the window, stride and cap the preprocessor was fitted with. */
    public static WindowSet training(List<CmapssEngine> engines, CmapssPreprocessor preprocessor) {
        ProtocolOptions o = preprocessor.options();
        return training(engines, preprocessor, o.window(), o.stride(), o.rulCap());
    }

    /**
     * Every window ending at cycle {@code firstTrainingEnd(length)}, then every {@code stride} cycles up to
     * the engine's last cycle, with target {@code min(rulCap, remaining cycles)} at the window end
     * (piecewise-linear RUL). Windows ending before cycle {@code length} are left-padded like the test
     * windows of short test engines (FD002 and FD004 have test engines of 21 and 19 cycles), so the model
     * has seen padding before it meets it in evaluation.
     */
    public static WindowSet training(
            List<CmapssEngine> engines, CmapssPreprocessor preprocessor, int length, int stride, int rulCap) {
        List<Cut> cuts = new ArrayList<>();
        for (CmapssEngine engine : engines) {
            float[][] inputs = preprocessor.transform(engine);
            float[] rul = engine.cappedRul(rulCap);
            for (int end = firstTrainingEnd(length); end <= engine.cycles(); end += stride) {
                cuts.add(new Cut(inputs, engine.unit(), end, rul[end - 1]));
            }
        }
        return assemble(cuts, length, preprocessor.channels());
    }

    /**
     * The earliest cycle a training window ends at: half a window (the rest padded), but never after
     * cycle 15, so that even with long windows the training set has windows padded more than the
     * shortest test engines (19 cycles in FD004, 21 in FD002) are.
     */
    public static int firstTrainingEnd(int length) {
        return Math.max(1, Math.min((length + 1) / 2, MAX_FIRST_TRAINING_END));
    }

    private static final int MAX_FIRST_TRAINING_END = 15;

    /** Test windows with the window, cap and evaluation-target capping the preprocessor was fitted with. */
    public static WindowSet lastPerEngine(List<CmapssEngine> test, int[] testRul, CmapssPreprocessor preprocessor) {
        ProtocolOptions o = preprocessor.options();
        return lastPerEngine(test, testRul, preprocessor, o.window(), o.rulCap(), o.capEvaluationTargets());
    }

    /** The last window of each test engine, with the true RUL capped at {@code rulCap} as target. */
    public static WindowSet lastPerEngine(
            List<CmapssEngine> test, int[] testRul, CmapssPreprocessor preprocessor, int length, int rulCap) {
        return lastPerEngine(test, testRul, preprocessor, length, rulCap, true);
    }

    /**
     * The last window of each test engine; target is the true RUL from the RUL file. The literature
     * (e.g. Li et al. 2018, Zheng et al. 2017) caps the true test RUL at 125 too when reporting RMSE and
     * score, so published numbers compare only with {@code capTargets = true}.
     */
    public static WindowSet lastPerEngine(
            List<CmapssEngine> test,
            int[] testRul,
            CmapssPreprocessor preprocessor,
            int length,
            int rulCap,
            boolean capTargets) {
        if (testRul.length != test.size()) {
            throw new IllegalArgumentException(test.size() + " engines but " + testRul.length + " RUL values");
        }
        List<Cut> cuts = new ArrayList<>();
        for (int i = 0; i < test.size(); i++) {
            CmapssEngine engine = test.get(i);
            float target = capTargets ? Math.min(rulCap, testRul[i]) : testRul[i];
            cuts.add(new Cut(preprocessor.transform(engine), engine.unit(), engine.cycles(), target));
        }
        return assemble(cuts, length, preprocessor.channels());
    }

    /**
     * Held-out training engines evaluated like test engines: each is truncated at
     * {@code cutsPerEngine} distinct cycles drawn uniformly from its life (all cycles if it has fewer),
     * and the last window before each cut is taken, target {@code min(rulCap, cycles after the cut)}.
     * The draw for an engine depends only on {@code seed} and its unit, not on the other engines.
     */
    public static WindowSet validationWindows(
            List<CmapssEngine> engines,
            CmapssPreprocessor preprocessor,
            int length,
            int rulCap,
            int cutsPerEngine,
            long seed) {
        if (cutsPerEngine <= 0) {
            throw new IllegalArgumentException("cutsPerEngine must be positive");
        }
        List<Cut> cuts = new ArrayList<>();
        for (CmapssEngine engine : engines) {
            float[][] inputs = preprocessor.transform(engine);
            float[] rul = engine.cappedRul(rulCap);
            Random random = new Random(seed * 1_000_003L + engine.unit());
            int cycles = engine.cycles();
            IntStream ends = cutsPerEngine >= cycles
                    ? IntStream.rangeClosed(1, cycles)
                    : random.ints(1, cycles + 1).distinct().limit(cutsPerEngine).sorted();
            ends.forEach(end -> cuts.add(new Cut(inputs, engine.unit(), end, rul[end - 1])));
        }
        return assemble(cuts, length, preprocessor.channels());
    }

    /**
     * Held-out training engines truncated like test engines late in life: every cut after which at most
     * {@code maxRemaining} cycles are left, target {@code min(rulCap, cycles after the cut)}. Test engines
     * end before failure and are scored with the target capped, so their error comes from the degrading
     * part of life; every cycle of a long engine would instead be dominated by capped early-life windows
     * that are easy once the model outputs the cap for healthy engines. Every engine whose life exceeds
     * {@code maxRemaining} contributes the same number of windows, as each test engine contributes one.
     */
    public static WindowSet lateLifeWindows(
            List<CmapssEngine> engines, CmapssPreprocessor preprocessor, int length, int rulCap, int maxRemaining) {
        if (maxRemaining < 0) {
            throw new IllegalArgumentException("maxRemaining must not be negative");
        }
        List<Cut> cuts = new ArrayList<>();
        for (CmapssEngine engine : engines) {
            float[][] inputs = preprocessor.transform(engine);
            float[] rul = engine.cappedRul(rulCap);
            for (int end = Math.max(1, engine.cycles() - maxRemaining); end <= engine.cycles(); end++) {
                cuts.add(new Cut(inputs, engine.unit(), end, rul[end - 1]));
            }
        }
        return assemble(cuts, length, preprocessor.channels());
    }

    /** One window to build: it ends at {@code endCycle} of the normalised trajectory {@code inputs}. */
    private record Cut(float[][] inputs, int unit, int endCycle, float target) {}

    private static WindowSet assemble(List<Cut> cuts, int length, int channels) {
        int count = cuts.size();
        float[] values = new float[Math.multiplyExact(Math.multiplyExact(count, length), channels)];
        float[] targets = new float[count];
        int[] units = new int[count];
        int[] endCycles = new int[count];
        for (int i = 0; i < count; i++) {
            Cut cut = cuts.get(i);
            for (int t = 0; t < length; t++) {
                // Rows before cycle 1 repeat cycle 1 (left padding of short engines).
                int row = Math.max(0, cut.endCycle() - length + t);
                System.arraycopy(cut.inputs()[row], 0, values, (i * length + t) * channels, channels);
            }
            targets[i] = cut.target();
            units[i] = cut.unit();
            endCycles[i] = cut.endCycle();
        }
        return new WindowSet(count, length, channels, values, targets, units, endCycles);
    }
}

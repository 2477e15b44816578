package io.pdm.inference.scoring;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The sliding window of each asset of one asset type: the newest {@code length} steps, in event-time order. A step
 * that is not newer than the asset's newest one (a replay after a restart, a duplicate) is ignored, so a window is
 * never scored twice. Not thread-safe: one scoring thread owns it.
 */
public final class AssetWindows {
    private final List<String> channels;
    private final int length;
    private final Duration maxGap;
    private final Map<String, ArrayDeque<StepInput>> byAsset = new HashMap<>();
    /** Real steps of each asset since its window started (or restarted): may exceed {@code length}. */
    private final Map<String, Integer> history = new HashMap<>();

    /**
     * @param channels the channels the model reads, in its order
     * @param length   steps per window
     * @param maxGap   the largest distance between consecutive step ends that is not a gap (e.g. twice the cadence)
     */
    public AssetWindows(List<String> channels, int length, Duration maxGap) {
        if (length <= 0) {
            throw new IllegalArgumentException("window length must be positive, was " + length);
        }
        if (channels.isEmpty()) {
            throw new IllegalArgumentException("an asset window needs at least one channel");
        }
        this.channels = List.copyOf(channels);
        this.length = length;
        this.maxGap = maxGap;
    }

    /**
     * Adds a step; returns the asset's window ending at it, or empty when the step is not newer than the asset's
     * newest. A window shorter than {@code length} (a new asset) is returned too, flagged {@code SHORT_HISTORY}: the
     * condition watch needs every step, a remaining-life model decides for itself whether it is long enough.
     */
    public Optional<ScoringInput> add(StepInput step) {
        return add(step, false);
    }

    /**
     * As {@link #add(StepInput)}; with {@code restart} (the asset was replaced or repaired before this step) a step
     * that is newer than the asset's newest first empties its window and its {@link #history}, so the restored
     * machine's window holds none of the failed one's steps and is left-padded again. A step that is not newer is
     * ignored as always, and restarts nothing.
     */
    public Optional<ScoringInput> add(StepInput step, boolean restart) {
        ArrayDeque<StepInput> steps = byAsset.computeIfAbsent(step.asset(), a -> new ArrayDeque<>(length + 1));
        StepInput newest = steps.peekLast();
        if (newest != null && !step.end().isAfter(newest.end())) {
            return Optional.empty();
        }
        if (restart) {
            steps.clear();
            history.remove(step.asset());
        }
        history.merge(step.asset(), 1, Integer::sum);
        steps.addLast(step);
        while (steps.size() > length) {
            steps.removeFirst();
        }
        return Optional.of(window(step.asset(), steps));
    }

    /** The asset's current window without adding a step, if it has any step. */
    public Optional<ScoringInput> current(String asset) {
        ArrayDeque<StepInput> steps = byAsset.get(asset);
        return steps == null || steps.isEmpty() ? Optional.empty() : Optional.of(window(asset, steps));
    }

    /** Drops the asset's window (its partition went to another instance); its next step starts a new one. */
    public void forget(String asset) {
        byAsset.remove(asset);
        history.remove(asset);
    }

    /**
     * Real steps of the asset since its window started or last restarted (0 for an unknown asset): the window holds
     * the newest {@code length} of them, padded at its start while there are fewer.
     */
    public int history(String asset) {
        return history.getOrDefault(asset, 0);
    }

    public Set<String> assets() {
        return Set.copyOf(byAsset.keySet());
    }

    public List<String> channels() {
        return channels;
    }

    public int length() {
        return length;
    }

    private ScoringInput window(String asset, ArrayDeque<StepInput> steps) {
        int n = steps.size();
        double[][] values = new double[n][channels.size()];
        Double[] ages = new Double[n];
        double[] last = new double[channels.size()];
        java.util.Arrays.fill(last, Double.NaN);
        Set<ScoringInput.Quality> quality = EnumSet.noneOf(ScoringInput.Quality.class);
        Set<String> missing = new LinkedHashSet<>();
        Instant previousEnd = null;
        int i = 0;
        for (Iterator<StepInput> it = steps.iterator(); it.hasNext(); i++) {
            StepInput step = it.next();
            Double[] row = step.select(channels);
            boolean newestStep = !it.hasNext();
            for (int c = 0; c < row.length; c++) {
                if (row[c] != null && Double.isFinite(row[c])) {
                    last[c] = row[c];
                } else if (newestStep) {
                    missing.add(channels.get(c));
                }
                values[i][c] = last[c];
            }
            ages[i] = step.age();
            if (previousEnd != null && Duration.between(previousEnd, step.end()).compareTo(maxGap) > 0) {
                quality.add(ScoringInput.Quality.STALE);
            }
            previousEnd = step.end();
        }
        backfillLeadingGaps(values);
        if (!missing.isEmpty()) {
            quality.add(ScoringInput.Quality.MISSING_CHANNELS);
        }
        if (n < length) {
            quality.add(ScoringInput.Quality.SHORT_HISTORY);
        }
        return new ScoringInput(asset, steps.peekLast().end(), channels, values, ages, missing, quality);
    }

    /** A channel first seen mid-window takes its first value backwards, so only never-seen channels stay NaN. */
    private static void backfillLeadingGaps(double[][] values) {
        int channels = values[0].length;
        for (int c = 0; c < channels; c++) {
            int first = 0;
            while (first < values.length && Double.isNaN(values[first][c])) first++;
            for (int s = 0; s < first && first < values.length; s++) {
                values[s][c] = values[first][c];
            }
        }
    }

    /** For tests and the health endpoint: the ends of an asset's buffered steps, oldest first. */
    List<Instant> ends(String asset) {
        List<Instant> out = new ArrayList<>();
        ArrayDeque<StepInput> steps = byAsset.get(asset);
        if (steps != null) steps.forEach(s -> out.add(s.end()));
        return out;
    }
}

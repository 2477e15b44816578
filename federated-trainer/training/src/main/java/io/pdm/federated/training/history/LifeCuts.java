package io.pdm.federated.training.history;

import io.pdm.assets.lives.Life;
import io.pdm.assets.lives.LifeEnd;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One asset type's stored feature windows, asset by asset in window order, cut into lives at corrective maintenance
 * entries. Pure (no SQL), so {@link StoredLives} only feeds it rows.
 *
 * <p>A life is the asset's complete, running windows that end at or before a corrective entry (a repair or replacement
 * for cause) and after the previous one. The simulator logs a repair when it completes, after the pump's downtime, so
 * the windows in between are not running: a window counts as a step only if it has every channel and, when the type
 * has a running channel, that channel is above zero throughout (its window minimum), as in the base's own lives
 * ({@code io.pdm.devices.lives.PumpFeatureWindows}). The last running window is taken as the failing step (remaining
 * life 0 after it): the stop lies within the next window, so the targets are at most one step short. Windows after an
 * asset's last corrective entry are its running life, kept as censored (remainder unknown). Lives shorter than the
 * model window are skipped.
 *
 * <p>Give the entries ({@link #endOfLife}) before the windows; feed the windows asset by asset, each in time order.
 */
public final class LifeCuts {
    private final String typeId;
    private final List<String> channels;
    private final boolean hours;
    private final int minSteps;
    private final boolean hasRunning;
    private final List<Life> lives = new ArrayList<>();
    private String asset;
    private final Map<String, List<Long>> endsByAsset = new HashMap<>();
    private List<Long> ends = List.of();
    private int nextEnd;
    private List<double[]> steps = new ArrayList<>();
    private List<Long> stepEnds = new ArrayList<>();
    private long incompleteWindows;
    private long shortLives;
    private int lifeNumber;

    /**
     * @param hours    ages in hours (the type's life unit is HOURS), else in steps (CYCLES)
     * @param minSteps lives with fewer steps are skipped (the base's window)
     * @param hasRunning whether each window comes with its running channel's minimum
     */
    public LifeCuts(String typeId, List<String> channels, boolean hours, int minSteps, boolean hasRunning) {
        this.hasRunning = hasRunning;
        this.typeId = Objects.requireNonNull(typeId, "typeId");
        this.channels = List.copyOf(channels);
        this.hours = hours;
        this.minSteps = Math.max(1, minSteps);
    }

    /** What was cut: the lives in asset order, and what was left out. */
    public record Result(List<Life> lives, long incompleteWindows, long shortLives) {
        public Result {
            lives = List.copyOf(lives);
        }

        public long ended() {
            return lives.stream().filter(l -> l.end() == LifeEnd.FAILED).count();
        }

        public long censored() {
            return lives.size() - ended();
        }
    }

    /** A corrective entry of {@code asset} at {@code tsMillis}; entries of one asset in time order. */
    public void endOfLife(String assetId, long tsMillis) {
        if (assetId.equals(asset)) {
            throw new IllegalStateException("entries of " + assetId + " must come before its windows");
        }
        List<Long> entries = endsByAsset.computeIfAbsent(assetId, a -> new ArrayList<>());
        if (!entries.isEmpty() && tsMillis < entries.get(entries.size() - 1)) {
            throw new IllegalArgumentException("maintenance entries of " + assetId + " out of time order");
        }
        entries.add(tsMillis);
    }

    /**
     * One stored window of {@code asset} ending at {@code windowEndMillis}.
     *
     * @param values  the channels' values in channel order, null where the window has none
     * @param running the running channel's window minimum (null when missing); ignored without a running channel
     */
    public void window(String assetId, long windowEndMillis, Double[] values, Double running) {
        switchTo(assetId);
        if (!stepEnds.isEmpty() && windowEndMillis <= stepEnds.get(stepEnds.size() - 1)) {
            throw new IllegalArgumentException("windows of " + assetId + " out of time order at " + windowEndMillis);
        }
        while (nextEnd < ends.size() && ends.get(nextEnd) < windowEndMillis) {
            closeLife(LifeEnd.FAILED);
            nextEnd++;
        }
        if (hasRunning && (running == null || !(running > 0))) {
            return; // down or starting: not a step of a life
        }
        double[] step = new double[channels.size()];
        for (int c = 0; c < step.length; c++) {
            if (values[c] == null || !Double.isFinite(values[c])) {
                incompleteWindows++;
                return;
            }
            step[c] = values[c];
        }
        steps.add(step);
        stepEnds.add(windowEndMillis);
    }

    /** Closes the last asset and returns every life cut. */
    public Result finish() {
        switchTo(null);
        return new Result(lives, incompleteWindows, shortLives);
    }

    private void switchTo(String next) {
        if (Objects.equals(asset, next)) {
            return;
        }
        if (asset != null) {
            while (nextEnd < ends.size()) {
                closeLife(LifeEnd.FAILED);
                nextEnd++;
            }
            closeLife(LifeEnd.CENSORED);
        }
        asset = next;
        ends = next == null ? List.of() : endsByAsset.getOrDefault(next, List.of());
        nextEnd = 0;
        lifeNumber = 0;
    }

    private void closeLife(LifeEnd end) {
        if (steps.isEmpty()) {
            return;
        }
        if (steps.size() < minSteps) {
            shortLives++;
        } else {
            double[] ages = new double[steps.size()];
            for (int i = 0; i < ages.length; i++) {
                ages[i] = hours ? stepEnds.get(i) / 3_600_000.0 : i + 1;
            }
            lives.add(new Life(
                    asset + "/" + (++lifeNumber),
                    asset,
                    typeId,
                    channels,
                    steps.toArray(double[][]::new),
                    ages,
                    end,
                    end == LifeEnd.FAILED ? 0.0 : null));
        }
        steps = new ArrayList<>();
        stepEnds = new ArrayList<>();
    }
}

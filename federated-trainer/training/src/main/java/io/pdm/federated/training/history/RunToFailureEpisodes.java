package io.pdm.federated.training.history;

import io.pdm.model.data.cmapss.CmapssEngine;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Cuts a plant's stored readings into run-to-failure lives that the RUL model trains on. Each distinct timestamp of
 * an asset is one cycle carrying the base model's channels ({@code setting1..3}, {@code s1..s21}); an end-of-life
 * maintenance entry (a replacement, say) closes the life that ran up to it, and the next cycle starts a new one.
 * Cycles after an asset's last end of life are censored, their remaining life unknown, so they are not labelled; a
 * cycle missing a channel is skipped and counted.
 *
 * <p>Register every end of life first, then feed cycles in ascending time per asset (assets may interleave), then
 * call {@link #episodes()}.
 */
public final class RunToFailureEpisodes {

    /** What the readings gave: the lives, and what could not be used. */
    public record Result(List<CmapssEngine> engines, long censoredCycles, long incompleteCycles) {
        public Result {
            engines = List.copyOf(engines);
        }
    }

    private static final int CHANNELS = CmapssEngine.SETTINGS + CmapssEngine.SENSORS;
    private static final Map<String, Integer> CHANNEL_INDEX = channelIndex();

    private static final NavigableSet<Long> NO_ENDS = Collections.emptyNavigableSet();

    private final Map<String, NavigableSet<Long>> endsOfLife = new HashMap<>();
    private final Map<String, Life> open = new HashMap<>();
    private final Map<String, Long> lastCycle = new HashMap<>();
    private final List<CmapssEngine> closed = new ArrayList<>();
    private long incomplete;

    /** The timestamps (any unit, ascending per asset) at which an asset's life ended. */
    public RunToFailureEpisodes endOfLife(String asset, long ts) {
        endsOfLife
                .computeIfAbsent(Objects.requireNonNull(asset, "asset"), a -> new TreeSet<>())
                .add(ts);
        return this;
    }

    /** Whether {@code channel} is one the model reads. */
    public static boolean isChannel(String channel) {
        return CHANNEL_INDEX.containsKey(channel);
    }

    /** The channels of every cycle: {@code setting1..3} then {@code s1..s21}. */
    public static List<String> channels() {
        List<String> names = new ArrayList<>(CHANNELS);
        for (int i = 0; i < CmapssEngine.SETTINGS; i++) {
            names.add(CmapssEngine.settingName(i));
        }
        for (int i = 0; i < CmapssEngine.SENSORS; i++) {
            names.add(CmapssEngine.sensorName(i));
        }
        return names;
    }

    /**
     * One cycle of {@code asset} at {@code ts}: the values by channel name (others are ignored).
     *
     * @throws IllegalArgumentException when {@code ts} is not after the asset's previous cycle
     */
    public void cycle(String asset, long ts, Map<String, Double> values) {
        Long previous = lastCycle.put(asset, ts);
        if (previous != null && ts <= previous) {
            throw new IllegalArgumentException("asset " + asset + ": cycle at " + ts + " is not after " + previous);
        }
        NavigableSet<Long> ends = endsOfLife.getOrDefault(asset, NO_ENDS);
        Life life = open.get(asset);
        if (life != null && !ends.subSet(life.lastTs, false, ts, false).isEmpty()) {
            close(asset); // a life ended between the previous cycle and this one
        }
        float[] row = row(values);
        if (row == null) {
            incomplete++;
        } else {
            open.computeIfAbsent(asset, a -> new Life()).add(row, ts);
        }
        if (ends.contains(ts)) {
            close(asset); // logged at the very time of the cycle
        }
    }

    /**
     * The lives that ended, numbered from 1 in the order they ended (lives ended after their asset's last cycle in
     * asset order); lives still running are censored: counted, not returned.
     */
    public Result episodes() {
        for (String asset : new TreeSet<>(open.keySet())) {
            if (endsOfLife.getOrDefault(asset, NO_ENDS).higher(open.get(asset).lastTs) != null) {
                close(asset);
            }
        }
        long censored =
                open.values().stream().mapToLong(life -> life.rows.size()).sum();
        return new Result(closed, censored, incomplete);
    }

    /** The cycle's channels in model order, or null when one is missing or not finite. */
    private static float[] row(Map<String, Double> values) {
        float[] row = new float[CHANNELS];
        int seen = 0;
        for (Map.Entry<String, Double> value : values.entrySet()) {
            Integer index = CHANNEL_INDEX.get(value.getKey());
            if (index != null && value.getValue() != null && Double.isFinite(value.getValue())) {
                row[index] = value.getValue().floatValue();
                seen++;
            }
        }
        return seen == CHANNELS ? row : null;
    }

    private void close(String asset) {
        Life life = open.remove(asset);
        if (life == null || life.rows.isEmpty()) {
            return;
        }
        float[][] settings = new float[life.rows.size()][];
        float[][] sensors = new float[life.rows.size()][];
        for (int i = 0; i < life.rows.size(); i++) {
            float[] row = life.rows.get(i);
            settings[i] = Arrays.copyOfRange(row, 0, CmapssEngine.SETTINGS);
            sensors[i] = Arrays.copyOfRange(row, CmapssEngine.SETTINGS, CHANNELS);
        }
        closed.add(new CmapssEngine(closed.size() + 1, settings, sensors));
    }

    private static Map<String, Integer> channelIndex() {
        Map<String, Integer> index = new HashMap<>();
        List<String> names = channels();
        for (int i = 0; i < names.size(); i++) {
            index.put(names.get(i), i);
        }
        return Map.copyOf(index);
    }

    private static final class Life {
        final List<float[]> rows = new ArrayList<>();
        long lastTs;

        void add(float[] row, long ts) {
            rows.add(row);
            lastTs = ts;
        }
    }
}

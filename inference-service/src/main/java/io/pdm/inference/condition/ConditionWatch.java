package io.pdm.inference.condition;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Watches one asset that has no remaining-life model (or too short a history for one): every channel
 * against its own learned baseline (robust median/MAD of its first {@link WatchSettings#baselineWindows}
 * windows, then a two-sided CUSUM on the robust z-score) and, where the asset's type has them, against
 * absolute limits, which apply from the very first window, so a new machine is protected from its first
 * day. Feed one call per feature window, in time order. Not thread-safe.
 */
public final class ConditionWatch {
    private final String asset;
    private final Map<String, ChannelLimits> limits;
    private final Map<String, String> units;
    private final WatchSettings settings;
    private final Map<String, ChannelWatch> channels = new HashMap<>();
    private Instant last;

    /**
     * @param limits the type's absolute limits by channel (may be empty)
     * @param units  the unit of each channel without limits, for the fact sheet (may be empty)
     */
    public ConditionWatch(String asset, List<ChannelLimits> limits, Map<String, String> units, WatchSettings settings) {
        this.asset = Objects.requireNonNull(asset, "asset");
        this.settings = Objects.requireNonNull(settings, "settings");
        Map<String, ChannelLimits> byChannel = new HashMap<>();
        for (ChannelLimits l : limits) {
            if (byChannel.put(l.channel(), l) != null) {
                throw new IllegalArgumentException(asset + ": two limits for channel " + l.channel());
            }
        }
        this.limits = Map.copyOf(byChannel);
        this.units = Map.copyOf(units);
    }

    /**
     * One feature window: the channel values at {@code time}. Channels may come and go; a new channel
     * starts learning its baseline when it first appears.
     *
     * @throws IllegalArgumentException for a non-finite value or a time before the previous window's; the
     *     watch's state is then unchanged
     */
    public List<ConditionFinding> observe(Instant time, Map<String, Double> values) {
        Objects.requireNonNull(time, "time");
        if (last != null && time.isBefore(last)) {
            throw new IllegalArgumentException(
                    asset + ": window at " + time + " is older than the previous one at " + last);
        }
        values.forEach((channel, value) -> {
            if (value == null || !Double.isFinite(value)) {
                throw new IllegalArgumentException(
                        asset + "/" + channel + " at " + time + ": value " + value + " is not a finite number");
            }
        });
        last = time;
        List<ConditionFinding> findings = new ArrayList<>();
        values.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .forEach(e -> findings.addAll(channel(e.getKey()).observe(time, e.getValue())));
        return List.copyOf(findings);
    }

    /** The learned baseline of a channel, empty while it is still learning. */
    public Optional<Baseline> baseline(String channel) {
        ChannelWatch watch = channels.get(channel);
        return Optional.ofNullable(watch == null ? null : watch.baseline());
    }

    public String asset() {
        return asset;
    }

    private ChannelWatch channel(String name) {
        return channels.computeIfAbsent(name, n -> {
            ChannelLimits l = limits.get(n);
            String unit = l != null ? l.unit() : units.getOrDefault(n, "");
            return new ChannelWatch(asset, n, unit, l, settings);
        });
    }
}

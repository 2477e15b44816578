package io.pdm.inference.condition;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The watch over one channel of one asset: learning buffer, then baseline and two-sided CUSUM, plus the
 * channel's absolute limits (if any) with their clear margin. Not thread-safe; one per asset and channel,
 * fed in time order.
 */
final class ChannelWatch {
    private final String asset;
    private final String channel;
    private final String unit;
    private final ChannelLimits limits;
    private final WatchSettings settings;
    private final double[] learning;
    private int learned;
    private Baseline baseline;
    private double upper;
    private double lower;
    private int activeZone;

    ChannelWatch(String asset, String channel, String unit, ChannelLimits limits, WatchSettings settings) {
        this.asset = asset;
        this.channel = channel;
        this.unit = unit;
        this.limits = limits;
        this.settings = settings;
        this.learning = new double[settings.baselineWindows()];
    }

    Baseline baseline() {
        return baseline;
    }

    List<ConditionFinding> observe(Instant time, double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(
                    asset + "/" + channel + " at " + time + ": value " + value + " is not a finite number");
        }
        List<ConditionFinding> findings = new ArrayList<>(2);
        if (limits != null) {
            int zone = limitZone(value);
            if (zone > 0) {
                findings.add(ConditionFinding.limit(asset, time, value, limits, zone, baseline));
            }
        }
        if (baseline == null) {
            learning[learned++] = value;
            if (learned == learning.length) {
                baseline = Baseline.learn(learning, settings.minScale());
            }
            return findings;
        }
        double z = Math.max(-settings.zClip(), Math.min(settings.zClip(), baseline.z(value)));
        double cap = settings.maxSum() * settings.h();
        upper = Math.min(cap, Math.max(0, upper + z - settings.k()));
        lower = Math.min(cap, Math.max(0, lower - z - settings.k()));
        if (upper > settings.h()) {
            findings.add(ConditionFinding.change(
                    asset, channel, unit, time, value, baseline, upper, ConditionFinding.Direction.UP));
        } else if (lower > settings.h()) {
            findings.add(ConditionFinding.change(
                    asset, channel, unit, time, value, baseline, lower, ConditionFinding.Direction.DOWN));
        }
        return findings;
    }

    /**
     * The alerting zone the value is in, 0 when none. Once alerting, the zone only drops when the value
     * falls below its boundary by the clear margin (hysteresis).
     */
    private int limitZone(double value) {
        int zone = limits.zoneOf(value);
        if (zone < activeZone) {
            double release = limits.lowerBoundaryOf(activeZone) * (1 - limits.clearMargin());
            if (value >= release) {
                zone = activeZone;
            }
        }
        activeZone = zone >= limits.alertZone() ? zone : 0;
        return activeZone;
    }
}

package io.pdm.inference.policy;

import io.pdm.inference.condition.ConditionFinding;
import io.pdm.model.data.HealthStage;

/**
 * Severity 1–1000 in five bands: 1–199 info, 200–399 low, 400–599 medium, 600–799 high, 800–1000
 * critical. Each kind maps into the bands by a fixed rule, so the same evidence always gives the same
 * number:
 *
 * <ul>
 *   <li>REMAINING_LIFE_LOW: 600 when the interval's lower end is at the threshold, rising linearly to 1000
 *       when it reaches 0 (the pessimistic end, so a wide interval is more severe).
 *   <li>HEALTH_STAGE: DEGRADING 400, CRITICAL 800.
 *   <li>CONDITION_LIMIT: 600 in the first alerting zone (ISO 10816 zone C), +200 per zone beyond (zone D 800).
 *   <li>CONDITION_CHANGE: 300 + 40 × |z|, at most 580: a change against the asset's own baseline is at most
 *       medium on its own; limits and the model say how bad it is.
 * </ul>
 */
public final class Severity {
    private Severity() {}

    public static int remainingLife(double lower, double threshold) {
        double fraction = Math.max(0, Math.min(1, lower / threshold));
        return clamp(Math.round(600 + 400 * (1 - fraction)));
    }

    public static int stage(HealthStage stage) {
        return switch (stage) {
            case HEALTHY -> 1;
            case DEGRADING -> 400;
            case CRITICAL -> 800;
        };
    }

    /** @param zonesBeyondAlert 0 for the first alerting zone */
    public static int limit(int zonesBeyondAlert) {
        return clamp(600 + 200L * zonesBeyondAlert);
    }

    public static int change(ConditionFinding finding) {
        double z = Double.isFinite(finding.z()) ? Math.abs(finding.z()) : 0;
        return clamp(Math.min(580, Math.round(300 + 40 * z)));
    }

    /** The band (0 info … 4 critical); an active alert is UPDATED only when its band rises. */
    public static int band(int severity) {
        return Math.min(4, severity / 200);
    }

    private static int clamp(long severity) {
        return (int) Math.max(1, Math.min(1000, severity));
    }
}

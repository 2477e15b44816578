package io.pdm.schemas.alerting;

/**
 * Which alerts a silence selects; a null matcher matches anything, all given matchers must match.
 *
 * @param plant       exact plant id
 * @param asset       exact asset id
 * @param kind        exact alert kind (REMAINING_LIFE_LOW, HEALTH_STAGE, CONDITION_LIMIT, CONDITION_CHANGE)
 * @param minSeverity lowest severity selected (inclusive)
 * @param maxSeverity highest severity selected (inclusive)
 */
public record SilenceMatchers(String plant, String asset, String kind, Integer minSeverity, Integer maxSeverity) {
    public boolean matches(String plant, String asset, String kind, int severity) {
        return (this.plant == null || this.plant.equals(plant))
                && (this.asset == null || this.asset.equals(asset))
                && (this.kind == null || this.kind.equals(kind))
                && (minSeverity == null || severity >= minSeverity)
                && (maxSeverity == null || severity <= maxSeverity);
    }
}

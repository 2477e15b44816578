package io.pdm.devices.sim;

/**
 * Ground truth of one simulated asset (what a predictive model tries to infer), for tests and progress output.
 * Wear is 0 for a new component and 1 at failure; health = 1 − max(wear).
 */
public record AssetStatus(
        String plant,
        String asset,
        Regime regime,
        boolean running,
        double bearingWear,
        double sealWear,
        int bearingRepairs,
        int sealRepairs,
        int bearingFailures,
        int sealFailures) {
    public double health() {
        return 1 - Math.max(bearingWear, sealWear);
    }
}

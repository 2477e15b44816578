package io.pdm.federated.secagg;

/**
 * Fewer than the threshold t of clients are left at some phase, so the masks could not be removed (and going on
 * with fewer would weaken the privacy guarantee). The round must be abandoned and rerun.
 */
public final class TooFewSurvivorsException extends SecAggException {

    private final String phase;
    private final int survivors;
    private final int threshold;

    public TooFewSurvivorsException(String phase, int survivors, int threshold) {
        super("secure aggregation " + phase + ": only " + survivors + " clients left, threshold is " + threshold);
        this.phase = phase;
        this.survivors = survivors;
        this.threshold = threshold;
    }

    public String phase() {
        return phase;
    }

    public int survivors() {
        return survivors;
    }

    public int threshold() {
        return threshold;
    }
}

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
        this(
                phase,
                survivors,
                threshold,
                "secure aggregation " + phase + ": only " + survivors + " clients left, threshold is " + threshold);
    }

    private TooFewSurvivorsException(String phase, int survivors, int threshold, String message) {
        super(message);
        this.phase = phase;
        this.survivors = survivors;
        this.threshold = threshold;
    }

    /**
     * One client's secret cannot be recovered: too few of its share holders (itself and its neighbours) are left.
     *
     * @param survived whether the client's own input is in the sum (its self mask is needed) or it dropped (its mask
     *                 key is needed to cancel its pairwise masks with surviving neighbours)
     */
    static TooFewSurvivorsException ofClient(String phase, int client, boolean survived, int holders, int threshold) {
        return new TooFewSurvivorsException(
                phase,
                holders,
                threshold,
                "secure aggregation " + phase + ": client " + client
                        + (survived
                                ? " sent its masked input, but only " + holders
                                        + " of its share holders (itself and its neighbours) are left"
                                : " dropped after sharing its keys, but only " + holders
                                        + " of its neighbours are left to reveal its mask key")
                        + ", threshold is " + threshold + ": its masks cannot be removed");
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

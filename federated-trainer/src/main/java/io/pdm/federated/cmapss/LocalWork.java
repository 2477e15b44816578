package io.pdm.federated.cmapss;

/**
 * How much a plant trains per round: {@code steps} mini-batches of {@code batch} windows drawn afresh each round.
 *
 * @param seed the plant's seed; each round's subsample and batch order derive from it and the round number
 */
public record LocalWork(int steps, int batch, float learningRate, long seed) {

    public LocalWork {
        if (steps < 1 || batch < 1 || !(learningRate > 0)) {
            throw new IllegalArgumentException("need steps >= 1, batch >= 1 and a positive learning rate");
        }
    }

    public int examplesPerRound() {
        return steps * batch;
    }

    /** A distinct, reproducible seed for one round of this plant's work. */
    public long roundSeed(long round) {
        return seed * 1_000_003L + round;
    }

    public LocalWork withSteps(int newSteps) {
        return new LocalWork(newSteps, batch, learningRate, seed);
    }
}

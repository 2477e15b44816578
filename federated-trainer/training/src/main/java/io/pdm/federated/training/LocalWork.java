package io.pdm.federated.training;

import java.util.Objects;

/**
 * How much a plant trains per round: {@code steps} mini-batches of {@code batch} windows drawn afresh each round.
 *
 * @param seed       the plant's seed; each round's subsample and batch order derive from it and the round number
 * @param proximalMu FedProx's μ: pulls the local weights towards the round's global adapter (0 = plain FedAvg)
 * @param dpSgd      record-level DP-SGD settings, or null for ordinary (non-private) local training
 */
public record LocalWork(int steps, int batch, float learningRate, long seed, float proximalMu, DpSgd dpSgd) {

    public LocalWork {
        if (steps < 1 || batch < 1 || !(learningRate > 0)) {
            throw new IllegalArgumentException("need steps >= 1, batch >= 1 and a positive learning rate");
        }
        new FedProx(proximalMu); // validates μ
    }

    /** Plain local training: no proximal term, no DP-SGD. */
    public LocalWork(int steps, int batch, float learningRate, long seed) {
        this(steps, batch, learningRate, seed, 0f, null);
    }

    /**
     * DP-SGD in local training: each window's gradient clipped to {@code clipNorm}, Gaussian noise of standard
     * deviation {@code noiseMultiplier · clipNorm} added to their sum, divided by the batch size.
     */
    public record DpSgd(double clipNorm, double noiseMultiplier) {
        public DpSgd {
            if (!(clipNorm > 0) || !(noiseMultiplier >= 0)) {
                throw new IllegalArgumentException("need clip norm > 0 and noise multiplier >= 0");
            }
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
        return new LocalWork(newSteps, batch, learningRate, seed, proximalMu, dpSgd);
    }

    public LocalWork withProximalMu(float mu) {
        return new LocalWork(steps, batch, learningRate, seed, mu, dpSgd);
    }

    public LocalWork withDpSgd(DpSgd settings) {
        return new LocalWork(
                steps, batch, learningRate, seed, proximalMu, Objects.requireNonNull(settings, "settings"));
    }
}

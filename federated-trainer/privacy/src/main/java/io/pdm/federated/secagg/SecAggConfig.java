package io.pdm.federated.secagg;

import java.util.Objects;

/**
 * Parameters every participant of one secure-aggregation round agrees on. Clients are numbered 1..n (the ids
 * double as Shamir x-coordinates).
 *
 * @param sessionId   unique per round; bound into every derived key and ciphertext so nothing carries over
 * @param clientCount n, clients invited to the round
 * @param threshold   t, shares needed to reconstruct a secret, and the minimum number of clients that must
 *                    survive every phase; must exceed n/2 so that no two disjoint client sets can each unmask
 * @param dimension   length of every input vector
 * @param codec       fixed-point quantisation into Z_2^32
 */
public record SecAggConfig(String sessionId, int clientCount, int threshold, int dimension, FixedPointCodec codec) {

    public SecAggConfig {
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(codec, "codec");
        if (clientCount < 3) {
            throw new IllegalArgumentException("secure aggregation needs at least 3 clients, got " + clientCount);
        }
        if (2 * threshold <= clientCount || threshold > clientCount) {
            throw new IllegalArgumentException(
                    "threshold must be in (n/2, n], got t=" + threshold + " for n=" + clientCount);
        }
        if (dimension < 1) {
            throw new IllegalArgumentException("dimension must be positive, was " + dimension);
        }
        codec.requireNoOverflow(clientCount);
    }

    /** Threshold ⌈fraction · n⌉, e.g. 2/3 to tolerate a third of the clients dropping out. */
    public static SecAggConfig withThresholdFraction(
            String sessionId, int clientCount, double fraction, int dimension, FixedPointCodec codec) {
        return new SecAggConfig(
                sessionId, clientCount, (int) Math.ceil(fraction * clientCount - 1e-9), dimension, codec);
    }

    boolean isClientId(int id) {
        return id >= 1 && id <= clientCount;
    }
}

package io.pdm.federated.secagg;

import java.util.Objects;

/**
 * Parameters every participant of one secure-aggregation round agrees on. Clients are numbered 1..n (the ids
 * double as Shamir x-coordinates).
 *
 * @param sessionId   unique per round; bound into every derived key and ciphertext so nothing carries over, and the
 *                    seed of the round's {@link NeighbourGraph}
 * @param clientCount n, clients invited to the round
 * @param threshold   t, shares needed to reconstruct a secret, and the minimum number of a client's share holders
 *                    (itself and its k neighbours) that must survive every phase; must exceed (k + 1)/2 so that no
 *                    two disjoint sets of holders can each unmask (with the complete graph: n/2)
 * @param dimension   length of every input vector
 * @param codec       fixed-point quantisation into Z_2^32
 * @param neighbours  k, each client's neighbours in the round's graph (SecAgg+); n − 1 or more: the complete graph
 */
public record SecAggConfig(
        String sessionId, int clientCount, int threshold, int dimension, FixedPointCodec codec, int neighbours) {

    public SecAggConfig {
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(codec, "codec");
        if (clientCount < 3) {
            throw new IllegalArgumentException("secure aggregation needs at least 3 clients, got " + clientCount);
        }
        neighbours = Math.min(neighbours, clientCount - 1);
        if (neighbours < clientCount - 1 && (neighbours < 2 || neighbours % 2 != 0)) {
            throw new IllegalArgumentException("neighbours must be even and at least 2 below n - 1 = "
                    + (clientCount - 1) + ", got " + neighbours);
        }
        int holders = neighbours + 1;
        if (2 * threshold <= holders || threshold > holders) {
            throw new IllegalArgumentException(
                    neighbours == clientCount - 1
                            ? "threshold must be in (n/2, n], got t=" + threshold + " for n=" + clientCount
                            : "threshold must be in ((k+1)/2, k+1], got t=" + threshold + " for k=" + neighbours
                                    + " neighbours");
        }
        if (dimension < 1) {
            throw new IllegalArgumentException("dimension must be positive, was " + dimension);
        }
        codec.requireNoOverflow(clientCount);
    }

    /** With the complete graph: every client shares and masks with every other (Bonawitz et al. 2017). */
    public SecAggConfig(String sessionId, int clientCount, int threshold, int dimension, FixedPointCodec codec) {
        this(sessionId, clientCount, threshold, dimension, codec, clientCount - 1);
    }

    /** The round's graph; build it once per participant, it costs O(n). */
    public NeighbourGraph graph() {
        return NeighbourGraph.of(sessionId, clientCount, neighbours);
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

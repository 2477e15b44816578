package io.pdm.federated.secagg;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.GeneralSecurityException;
import java.util.Collections;
import java.util.SortedSet;
import java.util.TreeSet;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Who shares keys and masks with whom in one round (SecAgg+, Bell, Bonawitz, Gascón, Lepoint, Raykova, "Secure
 * Single-Server Aggregation with (Poly)Logarithmic Overhead", CCS 2020): the Harary graph H(k, n), a ring in which
 * each position is joined to the k/2 positions on either side, with the clients placed on the ring by a random
 * permutation. The permutation is derived from the round's session id alone (HKDF, then AES-CTR as the stream of a
 * Fisher–Yates shuffle), so every plant computes the same graph from the announcement and refuses a key directory
 * that lists anyone else: the server cannot pick the neighbours. With k ≥ n − 1 the graph is complete, which is the
 * original protocol of Bonawitz et al. 2017. Immutable.
 */
public final class NeighbourGraph {

    private static final String PURPOSE = "neighbour-graph";

    private final int clientCount;
    private final int degree;
    private final int[] positionOf; // client id -> ring position (index 0 unused); null when complete
    private final int[] clientAt; // ring position -> client id

    private NeighbourGraph(int clientCount, int degree, int[] positionOf, int[] clientAt) {
        this.clientCount = clientCount;
        this.degree = degree;
        this.positionOf = positionOf;
        this.clientAt = clientAt;
    }

    /**
     * @param neighbours k, each client's number of neighbours; even when below n − 1 (a Harary graph of odd degree
     *                   would need n even and an extra chord), and at least 2; n − 1 or more gives the complete graph
     */
    public static NeighbourGraph of(String sessionId, int clientCount, int neighbours) {
        if (clientCount < 2) {
            throw new IllegalArgumentException(
                    "a graph of secure aggregation needs 2 or more clients, got " + clientCount);
        }
        if (neighbours >= clientCount - 1) {
            return new NeighbourGraph(clientCount, clientCount - 1, null, null);
        }
        if (neighbours < 2 || neighbours % 2 != 0) {
            throw new IllegalArgumentException("neighbours must be even and at least 2 below n - 1 = "
                    + (clientCount - 1) + ", got " + neighbours);
        }
        int[] clientAt = new int[clientCount];
        for (int i = 0; i < clientCount; i++) {
            clientAt[i] = i + 1;
        }
        SeededInts stream = new SeededInts(SecAggCrypto.hkdf(
                SecAggCrypto.utf8(PURPOSE), sessionId, PURPOSE + " n=" + clientCount + " k=" + neighbours));
        for (int i = clientCount - 1; i > 0; i--) { // Fisher–Yates
            int j = stream.nextBelow(i + 1);
            int swap = clientAt[i];
            clientAt[i] = clientAt[j];
            clientAt[j] = swap;
        }
        int[] positionOf = new int[clientCount + 1];
        for (int position = 0; position < clientCount; position++) {
            positionOf[clientAt[position]] = position;
        }
        return new NeighbourGraph(clientCount, neighbours, positionOf, clientAt);
    }

    public int clientCount() {
        return clientCount;
    }

    /** k: every client's number of neighbours (n − 1 when complete). */
    public int degree() {
        return degree;
    }

    public boolean isComplete() {
        return positionOf == null;
    }

    /** Whether a and b (distinct client ids) share keys and masks; a client is not its own neighbour. */
    public boolean areNeighbours(int a, int b) {
        requireClient(a);
        requireClient(b);
        if (a == b) {
            return false;
        }
        if (isComplete()) {
            return true;
        }
        int distance = Math.abs(positionOf[a] - positionOf[b]);
        return Math.min(distance, clientCount - distance) <= degree / 2;
    }

    /** The client's neighbours, ascending. */
    public SortedSet<Integer> neighbours(int client) {
        requireClient(client);
        SortedSet<Integer> neighbours = new TreeSet<>();
        if (isComplete()) {
            for (int other = 1; other <= clientCount; other++) {
                if (other != client) neighbours.add(other);
            }
            return Collections.unmodifiableSortedSet(neighbours);
        }
        int position = positionOf[client];
        for (int step = 1; step <= degree / 2; step++) {
            neighbours.add(clientAt[Math.floorMod(position + step, clientCount)]);
            neighbours.add(clientAt[Math.floorMod(position - step, clientCount)]);
        }
        return Collections.unmodifiableSortedSet(neighbours);
    }

    /** The client and its neighbours: who holds shares of the client's secrets. */
    public SortedSet<Integer> holders(int client) {
        SortedSet<Integer> holders = new TreeSet<>(neighbours(client));
        holders.add(client);
        return Collections.unmodifiableSortedSet(holders);
    }

    private void requireClient(int id) {
        if (id < 1 || id > clientCount) {
            throw new IllegalArgumentException("client id must be in 1.." + clientCount + ", was " + id);
        }
    }

    /** Uniform integers from AES-256-CTR under a 32-byte key: the same key gives the same sequence everywhere. */
    private static final class SeededInts {
        private final Cipher ctr;
        private final byte[] zeros = new byte[4096];
        private final byte[] block = new byte[4096];
        private final ByteBuffer words = ByteBuffer.wrap(block).order(ByteOrder.LITTLE_ENDIAN);

        SeededInts(byte[] key) {
            try {
                ctr = Cipher.getInstance("AES/CTR/NoPadding");
                ctr.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(new byte[16]));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("AES-CTR unavailable", e);
            }
            words.position(block.length); // empty: refill on first use
        }

        /** Uniform in [0, bound) by rejection, so no value is favoured. */
        int nextBelow(int bound) {
            long range = 1L << 32;
            long limit = range - range % bound;
            while (true) {
                long word = Integer.toUnsignedLong(nextWord());
                if (word < limit) {
                    return (int) (word % bound);
                }
            }
        }

        private int nextWord() {
            if (words.remaining() < Integer.BYTES) {
                try {
                    ctr.update(zeros, 0, zeros.length, block, 0);
                } catch (javax.crypto.ShortBufferException e) {
                    throw new IllegalStateException("AES-CTR output buffer too short", e);
                }
                words.position(0);
            }
            return words.getInt();
        }
    }
}

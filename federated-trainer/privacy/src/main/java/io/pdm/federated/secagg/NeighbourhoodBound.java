package io.pdm.federated.secagg;

/**
 * Chooses SecAgg+'s neighbourhood size k and Shamir threshold t for n clients from the rates a deployment expects:
 * a fraction γ of clients corrupted (colluding with the server) and a fraction δ dropping out during the round. The
 * conditions follow Bell et al. (CCS 2020, section 3), bounded here with exact hypergeometric tails and union bounds
 * over the clients, so they hold for the random Harary graph of {@link NeighbourGraph} (each client's neighbours are
 * a uniformly random k-subset of the others, since the ring order is a random permutation):
 *
 * <ul>
 *   <li><b>privacy, threshold</b>: every honest client u has c_u &lt; 2t − (k + 1) corrupted neighbours. Then the
 *   server and its corrupted clients never hold t shares of one secret, and even a server that tells some of u's
 *   honest neighbours that u survived and others that it dropped cannot collect t shares of both of u's secrets (the
 *   honest holders cannot be split into two groups of t − c_u). Failure probability ≤ 2^−σ.</li>
 *   <li><b>privacy, connectivity</b>: the graph left after removing corrupted and dropped clients stays connected,
 *   or the server would learn the sum of a part of the clients. On the ring this needs two gaps of k/2 removed
 *   positions, each with probability ≤ (γ + δ)^(k/2): bound n²/2 · (γ + δ)^k ≤ 2^−σ.</li>
 *   <li><b>correctness</b>: every client keeps at least t holders of its shares alive: at most k − t of its k
 *   neighbours drop (a dropped client's own share is gone too). Failure probability ≤ 2^−η.</li>
 * </ul>
 *
 * The smallest even k that meets all three is chosen, with the largest t that still meets correctness (the most
 * privacy margin); when none below n − 1 does, the graph is complete and t is the caller's. Union bounds make the
 * chosen k larger than the paper's tighter analysis would; it is still O(log n).
 */
public final class NeighbourhoodBound {

    /** The bound's inputs and its choice. */
    public record Choice(int clients, int neighbours, int threshold, boolean complete) {}

    private NeighbourhoodBound() {}

    /**
     * @param corrupted      γ, expected fraction of clients that collude with the server, in [0, 1)
     * @param dropout        δ, expected fraction of clients that drop during the round, in [0, 1)
     * @param securityBits   σ: privacy fails with probability at most 2^−σ per round (e.g. 40)
     * @param correctnessBits η: the round fails for too few holders with probability at most 2^−η (e.g. 20)
     * @param completeThreshold the threshold to use when the graph has to be complete
     */
    public static Choice choose(
            int clients,
            double corrupted,
            double dropout,
            int securityBits,
            int correctnessBits,
            int completeThreshold) {
        if (!(corrupted >= 0 && corrupted < 1) || !(dropout >= 0 && dropout < 1) || corrupted + dropout >= 1) {
            throw new IllegalArgumentException(
                    "need corrupted and dropout rates in [0, 1) with a sum below 1, got " + corrupted + ", " + dropout);
        }
        int others = clients - 1;
        int bad = (int) Math.ceil(corrupted * clients);
        int gone = (int) Math.ceil(dropout * clients);
        double log2n = Math.log(clients) / Math.log(2);
        for (int k = 2; k < clients - 1; k += 2) {
            double connectivity = 2 * log2n - 1 + k * log2(corrupted + dropout);
            if (connectivity > -securityBits) {
                continue;
            }
            for (int t = k + 1; 2 * t > k + 1; t--) {
                double correctness = log2n + log2Tail(others, Math.min(gone, others), k, k + 1 - t);
                if (correctness > -correctnessBits) {
                    continue; // a smaller t tolerates more dropouts
                }
                double privacy = log2n + log2Tail(others, Math.min(bad, others), k, 2 * t - k - 1);
                if (privacy <= -securityBits) {
                    return new Choice(clients, k, t, false);
                }
                break; // smaller t only weakens privacy
            }
        }
        return new Choice(clients, clients - 1, completeThreshold, true);
    }

    /**
     * log2 P[X ≥ atLeast] for X hypergeometric: {@code draws} from {@code population} of which {@code marked} are
     * marked. Exact, summed in log space.
     */
    static double log2Tail(int population, int marked, int draws, int atLeast) {
        if (atLeast <= 0) {
            return 0;
        }
        int most = Math.min(marked, draws);
        if (atLeast > most || draws > population) {
            return Double.NEGATIVE_INFINITY;
        }
        int least = Math.max(0, draws - (population - marked));
        // ln P[X = least], then the ratio P[x + 1] / P[x]
        double logP =
                logChoose(marked, least) + logChoose(population - marked, draws - least) - logChoose(population, draws);
        double max = Double.NEGATIVE_INFINITY;
        double[] terms = new double[most - least + 1];
        for (int x = least; x <= most; x++) {
            terms[x - least] = x >= atLeast ? logP : Double.NEGATIVE_INFINITY;
            max = Math.max(max, terms[x - least]);
            if (x < most) {
                logP += Math.log((double) (marked - x) * (draws - x))
                        - Math.log((double) (x + 1) * (population - marked - draws + x + 1));
            }
        }
        if (max == Double.NEGATIVE_INFINITY) {
            return max;
        }
        double sum = 0;
        for (double term : terms) {
            sum += Math.exp(term - max);
        }
        return (max + Math.log(sum)) / Math.log(2);
    }

    private static double logChoose(int n, int k) {
        double log = 0;
        for (int i = 1; i <= k; i++) {
            log += Math.log((double) (n - k + i) / i);
        }
        return log;
    }

    private static double log2(double x) {
        return x <= 0 ? Double.NEGATIVE_INFINITY : Math.log(x) / Math.log(2);
    }
}

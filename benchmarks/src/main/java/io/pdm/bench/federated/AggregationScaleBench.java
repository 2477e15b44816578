package io.pdm.bench.federated;

import io.pdm.federated.rules.ClientUpdate;
import io.pdm.federated.rules.TrimmedMean;
import io.pdm.federated.rules.WeightedMeanAccumulator;
import io.pdm.federated.secagg.DropoutSchedule;
import io.pdm.federated.secagg.FixedPointCodec;
import io.pdm.federated.secagg.InMemorySecAggRound;
import io.pdm.federated.secagg.SecAggConfig;
import io.pdm.federated.secagg.SecAggResult;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * How long one aggregation round takes at scale; a main, not a test, because timings depend on the machine.
 *
 * <pre>
 * java -cp ... io.pdm.bench.federated.AggregationScaleBench CLIENTS DIMENSION [SECAGG_CLIENTS SECAGG_DIMENSION [DROPOUTS]]
 * </pre>
 *
 * FedAvg streams CLIENTS deltas of DIMENSION floats through the accumulator (deltas cycle through a small pool so
 * generating them is not timed and memory stays flat). Secure aggregation defaults to the same sizes but costs
 * O(n²·d) here, because all n clients, each expanding n − 1 pairwise masks, run on this one machine; DROPOUTS
 * clients leave after key sharing so the server also pays for mask reconstruction. The coordinate-wise trimmed
 * mean needs every delta in memory, so it is timed on at most {@value #ROBUST_CLIENTS_CAP} of the clients.
 */
public final class AggregationScaleBench {

    private static final int DELTA_POOL = 8;
    private static final int ROBUST_CLIENTS_CAP = 100;

    private AggregationScaleBench() {}

    public static void main(String[] args) {
        if (args.length < 2) {
            System.err.println(
                    "usage: AggregationScaleBench CLIENTS DIMENSION [SECAGG_CLIENTS SECAGG_DIMENSION [DROPOUTS]]");
            System.exit(2);
        }
        int clients = Integer.parseInt(args[0]);
        int dimension = Integer.parseInt(args[1]);
        int secAggClients = args.length > 2 ? Integer.parseInt(args[2]) : clients;
        int secAggDimension = args.length > 3 ? Integer.parseInt(args[3]) : dimension;
        int dropouts = args.length > 4 ? Integer.parseInt(args[4]) : 0;
        System.out.printf(
                "cores=%d maxHeap=%dMiB%n",
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);
        benchFedAvg(clients, dimension);
        benchTrimmedMean(Math.min(clients, ROBUST_CLIENTS_CAP), dimension);
        benchSecureAggregation(secAggClients, secAggDimension, dropouts);
    }

    private static void benchFedAvg(int clients, int dimension) {
        float[][] pool = randomDeltas(DELTA_POOL, dimension, 1);
        WeightedMeanAccumulator warmUp = new WeightedMeanAccumulator(dimension);
        for (float[] delta : pool) {
            warmUp.add(delta, 1);
        }
        long start = System.nanoTime();
        WeightedMeanAccumulator accumulator = new WeightedMeanAccumulator(dimension);
        for (int client = 0; client < clients; client++) {
            accumulator.add(pool[client % DELTA_POOL], 1 + client % 17);
        }
        float[] mean = accumulator.mean();
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(
                "FedAvg: %d clients x %d floats in %.2f s (%.2f GFLOP/s-ish, %.1f ms per client), mean[0]=%.4f%n",
                clients,
                dimension,
                seconds,
                2.0 * clients * dimension / seconds / 1e9,
                1000 * seconds / clients,
                mean[0]);
    }

    private static void benchTrimmedMean(int clients, int dimension) {
        float[][] pool = randomDeltas(DELTA_POOL, dimension, 3);
        List<ClientUpdate> updates = new ArrayList<>(clients);
        for (int client = 0; client < clients; client++) {
            updates.add(new ClientUpdate("plant-" + client, pool[client % DELTA_POOL], 1));
        }
        long start = System.nanoTime();
        float[] trimmed = new TrimmedMean(0.1).aggregate(updates).delta();
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(
                "TrimmedMean(0.1): %d clients x %d floats in %.2f s, result[0]=%.4f%n",
                clients, dimension, seconds, trimmed[0]);
    }

    private static void benchSecureAggregation(int clients, int dimension, int dropouts) {
        SecAggConfig config = SecAggConfig.withThresholdFraction(
                "bench", clients, 2.0 / 3, dimension, new FixedPointCodec(1 << 16, 1.0));
        float[][] deltas = randomDeltas(clients, dimension, 2);
        Map<Integer, float[]> inputs = new TreeMap<>();
        for (int client = 1; client <= clients; client++) {
            inputs.put(client, deltas[client - 1]);
        }
        Set<Integer> leaving = new HashSet<>();
        for (int client = 1; client <= dropouts; client++) {
            leaving.add(client);
        }
        long start = System.nanoTime();
        SecAggResult result = InMemorySecAggRound.run(
                config,
                inputs,
                new DropoutSchedule(Set.of(), leaving, Set.of()),
                new SecureRandom(),
                (phase, elapsed) -> System.out.printf("  secagg %-15s %8.2f s%n", phase, elapsed.toNanos() / 1e9));
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(
                "SecAgg: %d clients (t=%d, %d dropped after key sharing) x %d values in %.2f s total "
                        + "(all clients on this machine), sum[0]=%.4f%n",
                clients, config.threshold(), dropouts, dimension, seconds, result.sum()[0]);
    }

    private static float[][] randomDeltas(int count, int dimension, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[][] deltas = new float[count][dimension];
        for (float[] delta : deltas) {
            for (int i = 0; i < dimension; i++) {
                delta[i] = (float) (random.nextDouble() * 2 - 1) * 0.01f;
            }
        }
        return deltas;
    }
}

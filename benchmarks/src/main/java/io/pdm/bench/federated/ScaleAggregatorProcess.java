package io.pdm.bench.federated;

import io.pdm.federated.aggregator.AggregatorApplication;
import io.pdm.federated.aggregator.AggregatorHandle;
import io.pdm.federated.aggregator.AggregatorSettings;
import io.pdm.federated.aggregator.round.Database;
import io.pdm.federated.aggregator.round.RoundPolicy;
import io.pdm.federated.pki.DevPki;
import io.pdm.federated.protocol.AggregationMode;
import io.pdm.federated.rules.AggregationStrategy;
import io.pdm.federated.rules.StrategyRegistry;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.TreeSet;

/**
 * The aggregator of {@link AggregationServiceBench}, in its own JVM so that its heap is really bounded (the bench
 * starts it with -Xmx1g). It prints {@code @@PORT n} once listening and answers commands on stdin: {@code HEAP}
 * prints {@code @@HEAP peak max cpu}, the sum of the heap pools' peak usage since start (an upper bound of the peak
 * heap, read from the platform MXBeans), the maximum heap and the process's CPU time in ns since start (start-up
 * included); end of input stops it.
 *
 * <pre>ScaleAggregatorProcess JDBC_URL PKI_DIR PASSWORD PLANTS PARAMETERS SEED RULE MODE SPOOL_DIR [NEIGHBOURS]</pre>
 */
public final class ScaleAggregatorProcess {

    static final String MARKER = "@@";

    private ScaleAggregatorProcess() {}

    public static void main(String[] args) throws Exception {
        String jdbcUrl = args[0];
        DevPki pki = new DevPki(Path.of(args[1]), args[2]);
        SyntheticDeltas deltas =
                new SyntheticDeltas(Long.parseLong(args[5]), Integer.parseInt(args[3]), Integer.parseInt(args[4]));
        AggregationMode mode = AggregationMode.valueOf(args[7]);
        RoundPolicy policy = policy(deltas.plants(), args[6], mode)
                .withSecureNeighbours(args.length > 9 ? Integer.parseInt(args[9]) : RoundPolicy.NEIGHBOURS_FROM_BOUND);
        AggregatorSettings settings = new AggregatorSettings(
                        0,
                        pki.aggregatorTls(),
                        pki.revocationList(),
                        Database.of(jdbcUrl),
                        new TreeSet<>(deltas.plantNames()),
                        policy,
                        deltas.seedAdapter(),
                        AggregationServiceBench.BASE_MODEL_HASH,
                        Duration.ofMillis(50))
                .withSpoolDirectory(Path.of(args[8]));
        try (AggregatorHandle aggregator = AggregatorApplication.start(settings)) {
            System.out.println(MARKER + "PORT " + aggregator.port());
            System.out.flush();
            BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String command = commands.readLine(); command != null; command = commands.readLine()) {
                if (command.equals("HEAP")) {
                    System.out.println(MARKER + "HEAP " + peakHeap() + " "
                            + Runtime.getRuntime().maxMemory() + " " + processCpuNanos());
                    System.out.flush();
                }
            }
        }
        System.exit(0);
    }

    /**
     * Every plant in the round, closing as soon as all uploaded. Secure aggregation masks exampleCount · delta
     * (≤ 64 × 0.01 here): the codec covers ±1 and its scale is as fine as the 32-bit ring allows for the plants.
     */
    static RoundPolicy policy(int plants, String rule, AggregationMode mode) {
        double range = 1;
        double scale = Math.max(1, Integer.highestOneBit((int) ((1L << 30) / (plants * range))));
        return new RoundPolicy(
                plants,
                // a secure round's phases are shares of the round and close as soon as every plant has sent, so a
                // long round costs nothing; with every plant simulated on this machine, key sharing among 400 plants
                // outlasted its share (7 min) of a 30-minute round under load, and one late plant fails the round
                mode == AggregationMode.SECURE ? Duration.ofHours(3) : Duration.ofMinutes(30),
                AggregationStrategy.of(StrategyRegistry.rule(rule).defaults().get()),
                mode,
                1e6,
                64L << 20,
                scale,
                range);
    }

    /** CPU time of this JVM (all threads), or -1 where the platform does not tell. */
    static long processCpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime()
                : -1;
    }

    private static long peakHeap() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak;
    }
}

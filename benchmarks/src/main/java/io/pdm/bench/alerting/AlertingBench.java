package io.pdm.bench.alerting;

import io.pdm.alerting.lifecycle.LifecycleSettings;
import io.pdm.alerting.service.AlertingService;
import io.pdm.alerting.service.AlertingSettings;
import io.pdm.alerting.topology.AlertingTopology;
import io.pdm.alerting.topology.AssetCatalogue;
import io.pdm.schemas.KafkaSecurity;
import io.pdm.schemas.Topics;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;

/**
 * {@code pdm bench alerting}: alert candidates per second through the lifecycle topology per core, under
 * TopologyTestDriver (no broker: the topology and the driver) and on a broker (the real streams application, exactly
 * once; per CPU-second of the application's own threads), and the candidate-to-event latency (p50, p95, p99) at a
 * fixed rate with where the stream thread's time goes. Every figure has a baseline from the same run: a pass-through
 * topology (consume, produce) with the same driver, or on the same broker with the service's own settings. For the
 * latency the one-hop pass-through is the floor of one exactly-once commit (the lifecycle's path for candidates keyed
 * by their asset); a two-hop one (through a repartition topic, the path of misrouted inputs and silences) is printed
 * beside it.
 */
public final class AlertingBench {
    public record Options(
            int ttdCandidates,
            int brokerCandidates,
            int assets,
            int rate,
            Duration latencyRun,
            Duration commitInterval,
            Duration stateRefresh,
            int brokerWarmup,
            int latencyWarmupRounds,
            int latencyRepeats,
            Path latencyLog) {
        /** The lifecycle's rules in every run: announced at once (the bench measures the topology, not an on-delay). */
        LifecycleSettings lifecycle() {
            return LifecycleSettings.DEFAULTS.withFleetingHold(Duration.ZERO).withStateRefresh(stateRefresh);
        }

        public static Options defaults() {
            return new Options(
                    200_000,
                    100_000,
                    1_000,
                    1_000,
                    Duration.ofSeconds(30),
                    AlertingSettings.DEFAULT_COMMIT_INTERVAL,
                    LifecycleSettings.DEFAULT_STATE_REFRESH,
                    60_000, // a broker warm-up first: the figure is a running service's steady state
                    10, // latency rounds until the JIT has settled, at most 10
                    0,
                    null);
        }
    }

    /**
     * @param cpuSeconds    CPU time of what runs the topology: the driver's thread, or the application's threads
     * @param jvmCpuSeconds CPU time of the whole JVM (on the broker: the embedded broker and the bench's clients too)
     */
    public record Throughput(long candidates, double wallSeconds, double cpuSeconds, double jvmCpuSeconds) {
        double perCore() {
            return candidates / cpuSeconds;
        }

        double perSecond() {
            return candidates / wallSeconds;
        }
    }

    public record Result(
            Options options,
            Throughput ttd,
            Throughput ttdBaseline,
            Throughput broker,
            Throughput brokerBaseline,
            BrokerRuns.Latency latency,
            BrokerRuns.Latency latencyBaseline,
            BrokerRuns.Latency latencyTwoHops) {
        public String report() {
            return String.join(
                    System.lineSeparator(),
                    String.format(
                            "TopologyTestDriver: %,.0f candidates/s per core (%,.0f/s wall); pass-through %,.0f/s per"
                                    + " core; ratio %.2f",
                            ttd.perCore(),
                            ttd.perSecond(),
                            ttdBaseline.perCore(),
                            ttd.perCore() / ttdBaseline.perCore()),
                    String.format(
                            "embedded broker, exactly_once_v2, commit interval %d ms, state refresh %d s%s: %,.0f"
                                    + " candidates/s per core of the application (goal >= 50,000; the goal's figure),"
                                    + " %,.0f/s wall, %,.0f per JVM CPU-second (broker included); pass-through %,.0f/s"
                                    + " per core, %,.0f/s wall; ratio per core %.2f",
                            options.commitInterval().toMillis(),
                            options.stateRefresh().toSeconds(),
                            options.brokerWarmup() > 0
                                    ? String.format(", after a warm-up of %,d on another plant", options.brokerWarmup())
                                    : "",
                            broker.perCore(),
                            broker.perSecond(),
                            broker.candidates() / broker.jvmCpuSeconds(),
                            brokerBaseline.perCore(),
                            brokerBaseline.perSecond(),
                            broker.perCore() / brokerBaseline.perCore()),
                    String.format(
                            "candidate -> event at %,d/s: p50 %.0f ms, p95 %.0f ms, p99 %.0f ms, max %.0f ms (%,d events;"
                                    + " goal p99 <= 200 ms); pass-through, one hop: p50 %.0f, p95 %.0f, p99 %.0f ms;"
                                    + " two hops: p50 %.0f, p95 %.0f, p99 %.0f ms; p99 ratio to one hop %.2f",
                            latency.rate(),
                            latency.p50(),
                            latency.p95(),
                            latency.p99(),
                            latency.max(),
                            latency.count(),
                            latencyBaseline.p50(),
                            latencyBaseline.p95(),
                            latencyBaseline.p99(),
                            latencyTwoHops.p50(),
                            latencyTwoHops.p95(),
                            latencyTwoHops.p99(),
                            latency.p99() / latencyBaseline.p99()),
                    "  lifecycle stream thread: " + latency.components().report(),
                    "  two-hop pass-through thread: "
                            + latencyTwoHops.components().report());
        }
    }

    private AlertingBench() {}

    public static Result run(String bootstrap, Options o, PrintStream out) throws Exception {
        out.println("TopologyTestDriver: lifecycle ...");
        Throughput ttd = ttd(lifecycle(o), o);
        out.println("TopologyTestDriver: pass-through ...");
        Throughput ttdBase = ttd(passThrough(BrokerRuns.PASS_IN, BrokerRuns.PASS_OUT, false), o);
        BrokerRuns broker = new BrokerRuns(bootstrap, o, out);
        if (o.brokerWarmup() > 0) broker.warmUp();
        Throughput brokerRun = broker.lifecycleThroughput();
        Throughput brokerBase = broker.passThroughThroughput();
        if (o.latencyWarmupRounds() > 0) broker.warmUpLatency();
        BrokerRuns.Latency latency = broker.lifecycleLatency();
        BrokerRuns.Latency latencyBase = broker.passThroughLatency(false);
        BrokerRuns.Latency latencyHops = broker.passThroughLatency(true);
        return new Result(o, ttd, ttdBase, brokerRun, brokerBase, latency, latencyBase, latencyHops);
    }

    /**
     * The latency phase alone, {@code o.latencyRepeats()} times in one JVM after the warm-up (each on a fresh plant, so
     * every candidate raises and has an event), then the one-hop floor once: a tail that comes and goes between runs
     * shows up as repeats that differ, and the per-event log ({@code o.latencyLog()}) dates each slow event.
     */
    public static String latencyOnly(String bootstrap, Options o, PrintStream out) throws Exception {
        BrokerRuns broker = new BrokerRuns(bootstrap, o, out);
        if (o.brokerWarmup() > 0) broker.warmUp();
        if (o.latencyWarmupRounds() > 0) broker.warmUpLatency();
        List<String> lines = new ArrayList<>();
        for (int k = 0; k < o.latencyRepeats(); k++) {
            BrokerRuns.Latency l = broker.lifecycleLatency(BrokerRuns.LATENCY_PLANT + "-" + k, o.latencyRun());
            String line = String.format(
                    "repeat %d: candidate -> event at %,d/s: p50 %.0f, p90 %.0f, p99 %.0f, max %.0f ms (%,d events)",
                    k, l.rate(), l.p50(), l.p90(), l.p99(), l.max(), l.count());
            out.println(line);
            lines.add(line);
        }
        BrokerRuns.Latency floor = broker.passThroughLatency(false);
        lines.add(String.format(
                "pass-through, one hop: p50 %.0f, p90 %.0f, p99 %.0f, max %.0f ms",
                floor.p50(), floor.p90(), floor.p99(), floor.max()));
        return String.join(System.lineSeparator(), lines);
    }

    static Topology lifecycle(Options o) {
        return AlertingTopology.build(
                BenchCandidates.PLANT,
                o.lifecycle(),
                AssetCatalogue.builtIn(),
                false); // in-memory stores: the driver commits (flushes, fsyncs) after every record
    }

    /** Consume, produce; with {@code twoHops} through a repartition topic in between. */
    static Topology passThrough(String in, String out, boolean twoHops) {
        StreamsBuilder b = new StreamsBuilder();
        KStream<byte[], byte[]> s = b.stream(in, Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()));
        if (twoHops) {
            s = s.repartition(Repartitioned.<byte[], byte[]>as("hop")
                    .withKeySerde(Serdes.ByteArray())
                    .withValueSerde(Serdes.ByteArray()));
        }
        s.to(out, Produced.with(Serdes.ByteArray(), Serdes.ByteArray()));
        return b.build();
    }

    private static void drain(TopologyTestDriver driver, List<String> topics) {
        for (String t : topics) {
            driver.createOutputTopic(t, new ByteArrayDeserializer(), new ByteArrayDeserializer())
                    .readRecordsToList();
        }
    }

    private static Throughput ttd(Topology topology, Options o) throws IOException {
        Path dir = Files.createTempDirectory("pdm-bench-alerting-");
        // the service's own settings (exactly once, task idling off, ...), as far as the driver uses them
        Properties p = AlertingService.properties(new AlertingSettings(
                BenchCandidates.PLANT,
                "unused:9092",
                dir,
                LifecycleSettings.DEFAULTS,
                List.of(),
                o.commitInterval(),
                1,
                KafkaSecurity.PLAINTEXT));
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Instant t0 = Instant.parse("2026-12-01T00:00:00Z");
        try (TopologyTestDriver driver = new TopologyTestDriver(topology, p, t0)) {
            String source = topology.describe().toString().contains(Topics.alerts(BenchCandidates.PLANT))
                    ? Topics.alerts(BenchCandidates.PLANT)
                    : BrokerRuns.PASS_IN;
            TestInputTopic<String, byte[]> in =
                    driver.createInputTopic(source, new StringSerializer(), new ByteArraySerializer());
            int warmup = o.ttdCandidates() / 10;
            byte[][] inputs = new byte[o.ttdCandidates() + warmup][];
            for (int i = 0; i < inputs.length; i++) {
                inputs[i] = BenchCandidates.candidate(i, o.assets(), 50, t0.plusSeconds(i / o.assets()), "c" + i);
            }
            List<String> outputs = source.equals(BrokerRuns.PASS_IN)
                    ? List.of(BrokerRuns.PASS_OUT)
                    : List.of(
                            Topics.maintenanceEvents(BenchCandidates.PLANT),
                            Topics.alertsState(BenchCandidates.PLANT),
                            Topics.dlq(BenchCandidates.PLANT));
            for (int i = 0; i < warmup; i++) in.pipeInput(BenchCandidates.asset(i % o.assets()), inputs[i]);
            drain(driver, outputs);
            long cpu0 = threads.getCurrentThreadCpuTime(), wall0 = System.nanoTime();
            for (int i = warmup; i < inputs.length; i++) {
                in.pipeInput(BenchCandidates.asset(i % o.assets()), inputs[i]);
                if (i % 10_000 == 0) drain(driver, outputs); // the driver keeps every output record otherwise
            }
            long cpu = threads.getCurrentThreadCpuTime() - cpu0, wall = System.nanoTime() - wall0;
            return new Throughput(o.ttdCandidates(), wall / 1e9, cpu / 1e9, Double.NaN);
        } finally {
            io.pdm.bench.alerting.BrokerRuns.deleteQuietly(dir);
        }
    }
}

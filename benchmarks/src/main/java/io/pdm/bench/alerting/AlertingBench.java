package io.pdm.bench.alerting;

import io.pdm.alerting.lifecycle.LifecycleSettings;
import io.pdm.alerting.topology.AlertingTopology;
import io.pdm.alerting.topology.AssetCatalogue;
import io.pdm.schemas.Topics;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;

/**
 * {@code pdm bench alerting}: alert candidates per second through the lifecycle topology per core, under
 * TopologyTestDriver (no broker: the topology's own cost) and on a broker (the real streams application, exactly once),
 * and the p99 from a candidate's send to its event on the topic at a fixed rate. Every figure has a baseline from the
 * same run: a pass-through topology (consume, produce) with the same driver, or on the same broker with the same
 * settings.
 */
public final class AlertingBench {
    public record Options(int ttdCandidates, int brokerCandidates, int assets, int rate, Duration latencyRun) {
        public static Options defaults() {
            return new Options(200_000, 100_000, 1_000, 1_000, Duration.ofSeconds(30));
        }
    }

    public record Throughput(long candidates, double wallSeconds, double cpuSeconds) {
        double perCore() {
            return candidates / cpuSeconds;
        }

        double perSecond() {
            return candidates / wallSeconds;
        }
    }

    public record Result(
            Throughput ttd,
            Throughput ttdBaseline,
            Throughput broker,
            Throughput brokerBaseline,
            BrokerRuns.Latency latency,
            BrokerRuns.Latency latencyBaseline) {
        public String report() {
            return String.join(
                    System.lineSeparator(),
                    String.format(
                            "TopologyTestDriver: %,.0f candidates/s per core (%,.0f/s wall); pass-through %,.0f/s per"
                                    + " core; ratio %.2f (goal >= 50,000/s per core)",
                            ttd.perCore(),
                            ttd.perSecond(),
                            ttdBaseline.perCore(),
                            ttd.perCore() / ttdBaseline.perCore()),
                    String.format(
                            "embedded broker, exactly_once_v2: %,.0f candidates/s wall (%,.0f per JVM CPU-second,"
                                    + " broker included); pass-through %,.0f/s wall; ratio %.2f",
                            broker.perSecond(),
                            broker.perCore(),
                            brokerBaseline.perSecond(),
                            broker.perSecond() / brokerBaseline.perSecond()),
                    String.format(
                            "candidate -> event at %,d/s: p50 %.0f ms, p99 %.0f ms, max %.0f ms (%,d events);"
                                    + " pass-through p50 %.0f ms, p99 %.0f ms; p99 ratio %.2f (goal p99 <= 200 ms)",
                            latency.rate(),
                            latency.p50(),
                            latency.p99(),
                            latency.max(),
                            latency.count(),
                            latencyBaseline.p50(),
                            latencyBaseline.p99(),
                            latency.p99() / latencyBaseline.p99()));
        }
    }

    private AlertingBench() {}

    public static Result run(String bootstrap, Options o, PrintStream out) throws Exception {
        out.println("TopologyTestDriver: lifecycle ...");
        Throughput ttd = ttd(lifecycle(), o);
        out.println("TopologyTestDriver: pass-through ...");
        Throughput ttdBase = ttd(passThrough(BrokerRuns.PASS_IN, BrokerRuns.PASS_OUT), o);
        BrokerRuns broker = new BrokerRuns(bootstrap, o, out);
        Throughput brokerRun = broker.lifecycleThroughput();
        Throughput brokerBase = broker.passThroughThroughput();
        BrokerRuns.Latency latency = broker.lifecycleLatency();
        BrokerRuns.Latency latencyBase = broker.passThroughLatency();
        return new Result(ttd, ttdBase, brokerRun, brokerBase, latency, latencyBase);
    }

    static Topology lifecycle() {
        // announced at once: the bench measures the topology, not the on-delay a plant may configure
        return AlertingTopology.build(
                BenchCandidates.PLANT,
                LifecycleSettings.DEFAULTS.withFleetingHold(Duration.ZERO),
                AssetCatalogue.builtIn(),
                false); // in-memory stores: the driver commits (flushes, fsyncs) after every record
    }

    static Topology passThrough(String in, String out) {
        StreamsBuilder b = new StreamsBuilder();
        b.stream(in, Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()))
                .to(out, Produced.with(Serdes.ByteArray(), Serdes.ByteArray()));
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
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "pdm.bench.alerting-ttd");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        p.put(StreamsConfig.STATE_DIR_CONFIG, dir.toString());
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
            return new Throughput(o.ttdCandidates(), wall / 1e9, cpu / 1e9);
        } finally {
            io.pdm.bench.alerting.BrokerRuns.deleteQuietly(dir);
        }
    }
}

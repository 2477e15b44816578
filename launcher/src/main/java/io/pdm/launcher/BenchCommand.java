package io.pdm.launcher;

import io.pdm.bench.features.FeatureBench;
import io.pdm.bench.features.StoreBench;
import io.pdm.embedded.LocalPostgres;
import io.pdm.features.store.ConnectionFactory;
import io.pdm.features.store.ReadingWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code pdm bench …}: benchmarks that print figures and ratios against a baseline measured in the same run. */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = "Benchmarks (see docs/benchmarks.md).",
        subcommands = {
            BenchCommand.Ingest.class,
            BenchCommand.Features.class,
            BenchCommand.Store.class,
            BenchCommand.Inference.class,
            BenchCommand.Alerting.class,
            BenchCommand.Faults.class
        })
public final class BenchCommand extends UsageCommand {
    @Command(
            name = "faults",
            mixinStandardHelpOptions = true,
            description = "Acknowledged, stored, lost and duplicated messages and catch-up time per fault (PostgreSQL"
                    + " restart, Kafka restart, Kafka outage, MQTT broker restart, kill -9 and SIGTERM of the plant"
                    + " process) on the embedded platform.")
    static final class Faults implements Callable<Integer> {
        @Option(
                names = "--fault",
                split = ",",
                defaultValue = "POSTGRES_RESTART,KAFKA_RESTART,KAFKA_OUTAGE,MQTT_RESTART,KILL_9,SIGTERM",
                description = "Which faults, in order (default ${DEFAULT-VALUE}).")
        java.util.List<FaultBench.Fault> faults;

        @Option(
                names = "--outage",
                defaultValue = "60s",
                description = "Length of the Kafka outage (default ${DEFAULT-VALUE}).")
        java.time.Duration outage;

        @Option(names = "--rate", defaultValue = "100", description = "Messages per second (default ${DEFAULT-VALUE}).")
        int rate;

        @Override
        public Integer call() throws Exception {
            FaultBench.Options o = FaultBench.Options.defaults();
            o = new FaultBench.Options(o.before(), o.after(), outage, rate);
            java.util.List<String> lines = new java.util.ArrayList<>();
            for (FaultBench.Fault f : faults) {
                FaultBench.Result r = FaultBench.run(f, o, System.out);
                System.out.println(r.line());
                lines.add(r.line());
            }
            System.out.println();
            System.out.println("faults (QoS-1 device, synchronous publish, " + rate + " msg/s):");
            lines.forEach(l -> System.out.println("  " + l));
            return 0;
        }
    }

    @Command(
            name = "features",
            mixinStandardHelpOptions = true,
            description =
                    "Scalar readings/s and waveform samples/s per core through the feature job (MiniCluster, parallelism 1).")
    static final class Features implements Callable<Integer> {
        @Option(
                names = "--scale",
                defaultValue = "1.0",
                description = "Multiply the default amount of input (default ${DEFAULT-VALUE}).")
        double scale;

        @Override
        public Integer call() throws Exception {
            System.out.println(FeatureBench.run(FeatureBench.Options.defaults().scaled(scale))
                    .report());
            return 0;
        }
    }

    @Command(
            name = "store",
            mixinStandardHelpOptions = true,
            description = "Rows/s of the PostgreSQL sink against a raw COPY of the same rows in the same run.")
    static final class Store implements Callable<Integer> {
        @Option(
                names = "--jdbc",
                description = "Database to use; default: a local PostgreSQL server started for the run.")
        String jdbc;

        @Option(names = "--rows", defaultValue = "1000000")
        int rows;

        @Option(names = "--batch", defaultValue = "5000")
        int batch;

        @Option(names = "--rounds", defaultValue = "3")
        int rounds;

        @Option(
                names = "--mode",
                defaultValue = "OPTIMISTIC_COPY",
                description = "Sink write mode: ${COMPLETION-CANDIDATES}.")
        ReadingWriter.Mode mode;

        @Override
        public Integer call() throws Exception {
            if (jdbc != null) {
                print(StoreBench.run(ConnectionFactory.of(jdbc), rows, batch, rounds, mode, System.out));
                return 0;
            }
            try (LocalPostgres pg = LocalPostgres.builder().build().start()) {
                String url = pg.createDatabase("pdm_bench");
                print(StoreBench.run(ConnectionFactory.of(url), rows, batch, rounds, mode, System.out));
            }
            return 0;
        }

        private static void print(StoreBench.Result r) {
            System.out.printf(
                    "sink %,.0f rows/s, raw COPY %,.0f rows/s, ratio %.2f (goal >= 0.80)%n",
                    r.sinkRowsPerSecond(), r.copyRowsPerSecond(), r.ratio());
        }
    }

    @Command(
            name = "ingest",
            mixinStandardHelpOptions = true,
            description =
                    "QoS-1 msgs/s through the bridge into Kafka, against broker-only publish/subscribe and a raw Kafka producer in the same run.")
    static final class Ingest implements Callable<Integer> {
        @Option(names = "--messages", defaultValue = "200000")
        int messages;

        @Option(names = "--publishers", defaultValue = "8")
        int publishers;

        @Option(
                names = "--connections",
                defaultValue = "2",
                description = "Bridge MQTT connections (default ${DEFAULT-VALUE}).")
        int connections;

        @Option(
                names = "--mqtt",
                description = "External broker URL; default: an embedded HiveMQ CE started for the run.")
        String mqtt;

        @Option(
                names = "--kafka",
                description = "External Kafka bootstrap; default: an embedded KRaft broker started for the run.")
        String kafka;

        @Override
        public Integer call() throws Exception {
            return IngestBenchRunner.run(mqtt, kafka, messages, publishers, connections);
        }
    }

    @Command(
            name = "inference",
            mixinStandardHelpOptions = true,
            description = "Windows scored/s/core (batched against one by one) and feature-to-alert latency on Kafka"
                    + " per writer (against the broker's own produce-to-consume latency).")
    static final class Inference implements Callable<Integer> {
        @Option(names = "--windows", defaultValue = "4000", description = "Windows scored per measurement.")
        int windows;

        @Option(names = "--batch", defaultValue = "64")
        int batch;

        @Option(
                names = "--rate",
                defaultValue = "20",
                description =
                        "Feature vectors per second in the latency run (a plant of 1,200 assets with 60 s windows).")
        int rate;

        @Option(names = "--pumps", defaultValue = "8", description = "Simulated pumps (3 h, seed 11) replayed.")
        int pumps;

        @Option(names = "--writer-model", description = "A checkpoint for the local writer (adds its latency run).")
        java.nio.file.Path writerModel;

        @Option(names = "--llama3")
        boolean llama3;

        @Option(
                names = "--model-cache",
                defaultValue = "${env:PDM_MODEL_CACHE:-${sys:user.home}/.cache/pdm/models}",
                description = "Where the pump base is cached (default ${DEFAULT-VALUE}).")
        java.nio.file.Path modelCache;

        @Option(
                names = "--ensemble",
                split = ",",
                paramLabel = "K",
                description = "Measure only ensemble scoring instead: windows/s of K adapters on the pump base (one"
                        + " thread, batched, without and with drivers) for each K given, e.g. 1,5, against the base"
                        + " alone in the same run.")
        List<Integer> ensemble;

        @Option(
                names = "--merged",
                defaultValue = "0",
                paramLabel = "K",
                description = "With --ensemble: also one adapter merging the first K members (pdm fl merge: rank K ×"
                        + " --lora-rank, one forward pass) in the same run (default ${DEFAULT-VALUE}: none).")
        int merged;

        @Option(
                names = "--lora-rank",
                defaultValue = "4",
                description = "With --ensemble: each member's LoRA rank (default ${DEFAULT-VALUE}, the demo"
                        + " federation's; the C-MAPSS federation's is 8).")
        int loraRank;

        @Override
        public Integer call() throws Exception {
            if (ensemble != null) {
                return InferenceBenchRunner.ensemble(modelCache, windows, batch, pumps, ensemble, merged, loraRank);
            }
            return InferenceBenchRunner.run(modelCache, windows, batch, rate, pumps, writerModel, llama3);
        }
    }

    @Command(
            name = "alerting",
            mixinStandardHelpOptions = true,
            description = "Alert candidates/s through the lifecycle topology per core (TopologyTestDriver and an"
                    + " embedded broker, exactly once) and the p99 from candidate to event at a fixed rate, each against"
                    + " a pass-through topology in the same run.")
    static final class Alerting implements Callable<Integer> {
        @Option(names = "--ttd-candidates", defaultValue = "200000")
        int ttdCandidates;

        @Option(names = "--broker-candidates", defaultValue = "100000")
        int brokerCandidates;

        @Option(names = "--assets", defaultValue = "1000", description = "Assets the candidates spread over.")
        int assets;

        @Option(names = "--rate", defaultValue = "1000", description = "Candidates/s in the latency run.")
        int rate;

        @Option(names = "--latency-seconds", defaultValue = "30")
        int latencySeconds;

        @Option(
                names = "--commit-interval",
                description = "Exactly-once commit interval of the applications (default: the service's, "
                        + "PDM_ALERTING_COMMIT_INTERVAL's default).")
        java.time.Duration commitInterval;

        @Option(
                names = "--state-refresh",
                defaultValue = "10s",
                description = "The lifecycle's state refresh (pdm alerting --state-refresh; 0s writes every repeat;"
                        + " default ${DEFAULT-VALUE}). Each asset gets one candidate per second of event time.")
        java.time.Duration stateRefresh;

        @Option(
                names = "--kafka",
                description = "External Kafka bootstrap; default: an embedded KRaft broker started for the run.")
        String kafka;

        @Option(
                names = "--broker-warmup",
                defaultValue = "60000",
                description = "Candidates of a lifecycle run on another plant before the measured broker run, so the"
                        + " figure is a running service's steady state rather than the JIT's first seconds (its own"
                        + " rate is printed as the cold figure; default ${DEFAULT-VALUE}; 0: the measured run is the"
                        + " JVM's first, as before 2026-12-06).")
        int brokerWarmup;

        @Option(
                names = "--latency-warmup",
                defaultValue = "10",
                paramLabel = "ROUNDS",
                description = "Before the measured latency run, unreported 10 s latency runs on other plants until the"
                        + " JIT has settled (compiling < 25 % of a round) or ROUNDS rounds (default ${DEFAULT-VALUE};"
                        + " 0: measured while the JIT compiles the raise path, as before 2026-12-06's eighth session).")
        int latencyWarmup;

        @Option(
                names = "--latency-repeats",
                defaultValue = "0",
                paramLabel = "N",
                description = "Measure only the candidate-to-event latency, N times in this JVM (after the warm-up),"
                        + " printing p50/p90/p99/max per repeat, then the one-hop floor (default ${DEFAULT-VALUE}: the"
                        + " whole bench).")
        int latencyRepeats;

        @Option(
                names = "--latency-log",
                paramLabel = "FILE",
                description = "Append every measured event of the latency runs to FILE (CSV: run, id, due time in"
                        + " epoch ms, latency ms from it) to set outliers beside a GC log or a JFR recording.")
        java.nio.file.Path latencyLog;

        @Override
        public Integer call() throws Exception {
            var options = new io.pdm.bench.alerting.AlertingBench.Options(
                    ttdCandidates,
                    brokerCandidates,
                    assets,
                    rate,
                    java.time.Duration.ofSeconds(latencySeconds),
                    commitInterval != null
                            ? commitInterval
                            : io.pdm.alerting.service.AlertingSettings.DEFAULT_COMMIT_INTERVAL,
                    stateRefresh,
                    brokerWarmup,
                    latencyWarmup,
                    latencyRepeats,
                    latencyLog);
            try (io.pdm.embedded.EmbeddedKafka broker = kafka == null
                    ? io.pdm.embedded.EmbeddedKafka.builder().build().start()
                    : null) {
                String bootstrap = broker == null ? kafka : broker.bootstrapServers();
                System.out.println(
                        latencyRepeats > 0
                                ? io.pdm.bench.alerting.AlertingBench.latencyOnly(bootstrap, options, System.out)
                                : io.pdm.bench.alerting.AlertingBench.run(bootstrap, options, System.out)
                                        .report());
            }
            return 0;
        }
    }
}

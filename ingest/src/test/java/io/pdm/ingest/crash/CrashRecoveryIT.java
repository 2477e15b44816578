package io.pdm.ingest.crash;

import static org.assertj.core.api.Assertions.assertThat;

import io.pdm.embedded.FreePorts;
import io.pdm.schemas.AvroCodec;
import io.pdm.schemas.Topics;
import io.pdm.schemas.avro.ScalarSnapshot;
import io.pdm.schemas.avro.TelemetryRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;

/**
 * Issue 14, finding 1: a numbered QoS-1 stream while the backbone process (HiveMQ with file persistence, Kafka, ingest;
 * {@link CrashNode}) is stopped with {@code kill -9} and SIGTERM in turn at random points and restarted on the same
 * data dir. Every sequence number whose PUBACK the publisher saw must be in Kafka.
 *
 * <p>What it checks: <b>at least once into Kafka</b>. Duplicates in Kafka are allowed (a crash between Kafka's ack and
 * the PUBACK to the broker redelivers) and are counted and printed, not failed. The "stored exactly once" is
 * the store's job (its unique key per asset, sensor and time); {@code FaultBenchIT.killMinus9OfThePlantProcess…} checks
 * it end to end, with PostgreSQL: 0 lost and 0 duplicated rows.
 *
 * <p>Runs in every build with 2 cycles (a {@code kill -9}, then a SIGTERM; about 2 minutes on a loaded 2-core machine);
 * {@code -Dpdm.crash.cycles=10} runs the 10, {@code -Dpdm.crash.seed=S} repeats a run. It was opt-in while a
 * HiveMQ CE defect lost messages after a restart under load ({@code ExodusException: Current transaction should be
 * exclusive}; seed 7501912707362 lost numbers 1801 onward); the embedded broker now removes the queue entries that
 * caused it before it starts ({@code StaleQueueEntries}, {@code BrokerStaleQueueEntryIT}), and the line printed here
 * says how many it removed.
 */
class CrashRecoveryIT {
    /** Child JVMs of this class: a failed assertion must not leave one running. */
    private static final java.util.List<Process> STARTED = new java.util.concurrent.CopyOnWriteArrayList<>();

    @org.junit.jupiter.api.AfterEach
    void killLeftoverChildren() {
        STARTED.forEach(Process::destroyForcibly);
        STARTED.clear();
    }

    private static final AvroCodec<TelemetryRecord> TELEMETRY = AvroCodec.of(TelemetryRecord.class);
    private static final String PLANT = "crash-plant";

    @Test
    void everyAcknowledgedMessageSurvivesKillAndTermRestarts() throws Exception {
        int cycles = Integer.getInteger("pdm.crash.cycles", 2);
        long seed = Long.getLong("pdm.crash.seed", System.nanoTime());
        Random random = new Random(seed);
        Path dir = Files.createTempDirectory("pdm-crash-");
        int mqttPort = FreePorts.find();
        int kafkaPort = FreePorts.find();
        int controllerPort = FreePorts.find();
        String[] nodeArgs = {dir.toString(), "" + mqttPort, "" + kafkaPort, "" + controllerPort, PLANT};
        List<String> stops = new ArrayList<>();
        List<Integer> boundaries = new ArrayList<>(List.of(0)); // first number published after each stop
        try (NumberedPublisher pub = new NumberedPublisher("tcp://127.0.0.1:" + mqttPort, PLANT)) {
            Node node = Node.start(dir, nodeArgs, 0);
            pub.start();
            for (int cycle = 1; cycle <= cycles; cycle++) {
                Thread.sleep(1_000 + random.nextInt(4_000)); // the stop lands at a random point of the stream
                boolean sigkill = cycle % 2 != 0; // kill -9 and SIGTERM in turn
                stops.add((sigkill ? "kill -9" : "SIGTERM") + " at acked="
                        + pub.acked().size());
                node.stop(sigkill);
                boundaries.add(pub.attempted());
                Thread.sleep(random.nextInt(2_000)); // devices keep trying while nothing listens
                node = Node.start(dir, nodeArgs, cycle);
            }
            Thread.sleep(2_000);
            pub.stopPublishing();
            Set<Integer> acked = pub.acked();
            Map<Integer, Integer> inKafka = readAll(kafkaPort, acked, Duration.ofSeconds(90));
            node.stop(false);
            Set<Integer> lost = new TreeSet<>(acked);
            lost.removeAll(inKafka.keySet());
            long duplicated = inKafka.values().stream().filter(n -> n > 1).count();
            System.out.printf(
                    "CRASH seed=%d cycles=%d published=%d acked=%d inKafka=%d lost=%d duplicated=%d refusedBeforeReady=%s"
                            + " staleQueueEntriesDropped=%d stops=%s%n",
                    seed,
                    cycles,
                    pub.attempted(),
                    acked.size(),
                    inKafka.size(),
                    lost.size(),
                    duplicated,
                    pub.refusals(),
                    staleEntriesDropped(dir),
                    stops);
            printPerCycle(stops, boundaries, acked, inKafka);
            assertThat(acked).hasSizeGreaterThan(1_000);
            assertThat(lost)
                    .as("acknowledged but not in Kafka (seed %d, log %s)", seed, dir)
                    .isEmpty();
        }
        deleteTree(dir); // kept when the test fails: the node logs are in it
    }

    /**
     * One line per cycle: the numbers published from one stop to the next (the last from the last restart to the end),
     * so a loss points at the stop that caused it.
     */
    private static void printPerCycle(
            List<String> stops, List<Integer> boundaries, Set<Integer> acked, Map<Integer, Integer> inKafka) {
        for (int i = 0; i < boundaries.size(); i++) {
            int from = boundaries.get(i);
            int to = i + 1 < boundaries.size() ? boundaries.get(i + 1) : Integer.MAX_VALUE;
            long ack = acked.stream().filter(n -> n >= from && n < to).count();
            long stored = inKafka.keySet().stream()
                    .filter(n -> n >= from && n < to && acked.contains(n))
                    .count();
            long dup = inKafka.entrySet().stream()
                    .filter(e -> e.getKey() >= from && e.getKey() < to && e.getValue() > 1)
                    .count();
            System.out.printf(
                    "CRASH cycle=%d until=%s acked=%d inKafka=%d lost=%d duplicated=%d%n",
                    i + 1, i < stops.size() ? stops.get(i) : "end", ack, stored, ack - stored, dup);
        }
    }

    /** Queue entries the embedded broker dropped at its starts (see {@code StaleQueueEntries}), from the node logs. */
    private static int staleEntriesDropped(Path dir) throws IOException {
        java.util.regex.Pattern dropped = java.util.regex.Pattern.compile("dropped (\\d+) queued message");
        int n = 0;
        try (var logs = Files.list(dir)) {
            for (Path log : logs.filter(p -> p.getFileName().toString().startsWith("node-"))
                    .toList()) {
                var m = dropped.matcher(Node.read(log));
                while (m.find()) n += Integer.parseInt(m.group(1));
            }
        }
        return n;
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }

    /** Reads the telemetry topic until every acked seq is there (or the timeout), counting copies. */
    private static Map<Integer, Integer> readAll(int kafkaPort, Set<Integer> expected, Duration timeout) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + kafkaPort);
        Map<Integer, Integer> copies = new HashMap<>();
        String topic = Topics.telemetry(PLANT);
        try (KafkaConsumer<byte[], byte[]> c =
                new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = c.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(i -> new TopicPartition(topic, i.partition()))
                    .toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            long deadline = System.nanoTime() + timeout.toNanos();
            long settle = Long.MAX_VALUE;
            while (System.nanoTime() < Math.min(deadline, settle)) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(300))) {
                    TelemetryRecord t = TELEMETRY.decode(r.value());
                    int seq = ((ScalarSnapshot) t.getBody())
                            .getValues()
                            .get("seq")
                            .intValue();
                    copies.merge(seq, 1, Integer::sum);
                }
                if (settle == Long.MAX_VALUE && copies.keySet().containsAll(expected)) {
                    settle = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
                }
            }
        }
        return copies;
    }

    /** The child JVM running {@link CrashNode}; output goes to a log file in the data dir. */
    private record Node(Process process, Path log) {
        static Node start(Path dir, String[] args, int run) throws Exception {
            Path log = dir.resolve("node-" + run + ".log");
            List<String> cmd = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx512m",
                    "-cp",
                    System.getProperty("java.class.path"),
                    CrashNode.class.getName()));
            cmd.addAll(List.of(args));
            Process p = new ProcessBuilder(cmd)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            STARTED.add(p);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (!read(log).contains("READY")) {
                if (!p.isAlive()) throw new IllegalStateException("node exited during start-up:\n" + read(log));
                if (System.nanoTime() > deadline) {
                    p.destroyForcibly();
                    throw new IllegalStateException("node not ready in 120 s:\n" + read(log));
                }
                Thread.sleep(100);
            }
            return new Node(p, log);
        }

        void stop(boolean sigkill) throws Exception {
            if (sigkill) process.destroyForcibly();
            else process.destroy();
            if (!process.waitFor(90, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
                throw new IllegalStateException("node did not stop on SIGTERM in 90 s:\n" + read(log));
            }
            if (!sigkill) assertThat(read(log)).as("orderly stop").contains("STOPPED");
        }

        static String read(Path log) throws IOException {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        }
    }
}

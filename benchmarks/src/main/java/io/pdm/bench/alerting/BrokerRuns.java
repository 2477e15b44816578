package io.pdm.bench.alerting;

import io.pdm.alerting.service.AlertingService;
import io.pdm.alerting.service.AlertingSettings;
import io.pdm.schemas.Topics;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.ToLongFunction;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The broker half of the bench: the real service and pass-through apps, same broker, same exactly-once settings
 * ({@link AlertingService#properties}). Per core means per CPU-second of the application's own threads (stream thread,
 * its producer's network thread, heartbeat), not of the embedded broker in the same JVM.
 */
final class BrokerRuns {
    static final String PASS_IN = "pdm.bench.passthrough-in.v1", PASS_OUT = "pdm.bench.passthrough-out.v1";
    /** The latency run's own pass-through topics: a new application reads its input from the beginning. */
    static final String LAT_IN = "pdm.bench.latency-in.v1", LAT_OUT = "pdm.bench.latency-out.v1";
    /** The two-hop pass-through: in, a repartition topic (as the lifecycle's by-asset hop), out. */
    static final String HOP_IN = "pdm.bench.hops-in.v1", HOP_OUT = "pdm.bench.hops-out.v1";

    static final String LATENCY_PLANT = "bench-latency";
    /** The warm-up's plant: its own topics and application, so the measured run starts as without it. */
    static final String WARMUP_PLANT = "bench-warmup";

    static final int PARTITIONS = 3;

    /** A latency warm-up round's length, and the JIT's share of it below which the JIT counts as settled. */
    private static final Duration WARMUP_ROUND = Duration.ofSeconds(10);

    private static final double SETTLED = 0.25; // the JIT went on compiling 10-20 % of a core long after (JFR)

    /**
     * Milliseconds from a candidate's due time to its record on the output topic (read_committed); the stream thread's
     * components.
     */
    record Latency(
            int rate,
            long count,
            double p50,
            double p90,
            double p95,
            double p99,
            double max,
            AppMetrics.Components components) {}

    private final String bootstrap;
    private final AlertingBench.Options o;
    private final PrintStream out;
    private final Path dir;

    BrokerRuns(String bootstrap, AlertingBench.Options o, PrintStream out) throws IOException {
        this.bootstrap = bootstrap;
        this.o = o;
        this.out = out;
        this.dir = Files.createTempDirectory("pdm-bench-alerting-");
        createTopics(
                PASS_IN,
                PASS_OUT,
                LAT_IN,
                LAT_OUT,
                HOP_IN,
                HOP_OUT,
                Topics.alerts(BenchCandidates.PLANT),
                Topics.alerts(LATENCY_PLANT),
                Topics.alerts(WARMUP_PLANT));
    }

    AlertingBench.Throughput lifecycleThroughput() throws Exception {
        out.println("broker: lifecycle throughput ...");
        return lifecycleThroughput(BenchCandidates.PLANT, o.brokerCandidates());
    }

    /**
     * The same run on another plant, not reported: it compiles the Kafka clients' and Kafka Streams' broker paths, so
     * the measured run sees steady-state code rather than the JIT's first seconds.
     */
    void warmUp() throws Exception {
        out.printf("broker: warm-up, %,d candidates on another plant ...%n", o.brokerWarmup());
        AlertingBench.Throughput cold = lifecycleThroughput(WARMUP_PLANT, o.brokerWarmup());
        out.printf(
                "broker: warm-up (the JVM's first broker run, JIT compiling; not the figure): %,.0f candidates/s per"
                        + " core of the application%n",
                cold.perCore());
    }

    private AlertingBench.Throughput lifecycleThroughput(String plant, int n) throws Exception {
        try (AlertingService s = service(plant)) {
            Instant t0 = Instant.parse("2026-12-01T00:00:00Z");
            return throughput(
                    settings(plant).applicationId(),
                    Topics.alerts(plant),
                    n,
                    i -> BenchCandidates.candidate(plant, i, o.assets(), 50, t0.plusSeconds(i / o.assets()), "c" + i));
        }
    }

    AlertingBench.Throughput passThroughThroughput() throws Exception {
        out.println("broker: pass-through throughput ...");
        try (KafkaStreams s = passThrough("tp", PASS_IN, PASS_OUT, false)) {
            Instant t0 = Instant.parse("2026-12-01T00:00:00Z");
            return throughput(
                    passThroughId("tp"),
                    PASS_IN,
                    o.brokerCandidates(),
                    i -> BenchCandidates.candidate(i, o.assets(), 50, t0.plusSeconds(i / o.assets()), "c" + i));
        }
    }

    Latency lifecycleLatency() throws Exception {
        return lifecycleLatency(LATENCY_PLANT, o.latencyRun());
    }

    /**
     * Unreported latency rounds, each on a plant of its own, until the JIT has settled (compiling took less than
     * {@link #SETTLED} of a round's wall time, summed over the compiler threads) or {@code o.latencyWarmupRounds()}
     * rounds. The latency run raises an alert per candidate (an event, a state, a work request each), a path the
     * throughput runs take for one candidate in ten, and commits 20 times a second; measured cold, its p99 was the
     * JIT's: compiling took 15-16 s of each of the first three 20 s rounds after the throughput warm-up and their
     * p99 fell 3,357 -> 425 -> 181 ms as it finished (docs/results/alerting.md, eighth session). A running service
     * compiled these paths long ago.
     */
    void warmUpLatency() throws Exception {
        var jit = ManagementFactory.getCompilationMXBean();
        for (int k = 0; k < o.latencyWarmupRounds(); k++) {
            long c0 = jit.getTotalCompilationTime(), w0 = System.nanoTime();
            Latency l = lifecycleLatency(LATENCY_PLANT + "-warmup-" + k, WARMUP_ROUND);
            double share = (jit.getTotalCompilationTime() - c0) / ((System.nanoTime() - w0) / 1e6);
            out.printf(
                    "broker: latency warm-up round %d (not the figure): p99 %.0f ms, max %.0f ms; JIT compiling %.0f %%"
                            + " of the round%n",
                    k, l.p99(), l.max(), 100 * share);
            if (share < SETTLED) return;
        }
    }

    /** The lifecycle's latency run on a plant of its own (a repeat needs a fresh one: every candidate must raise). */
    Latency lifecycleLatency(String plant, Duration run) throws Exception {
        out.printf(
                "broker: lifecycle latency (%s) at %,d candidates/s for %ds ...%n", plant, o.rate(), run.toSeconds());
        try (AlertingService s = service(plant)) {
            // each candidate raises a new alert, so each one has an event whose data names it
            return latency(
                    plant,
                    (int) (o.rate() * run.toSeconds()),
                    settings(plant).applicationId(),
                    Topics.alerts(plant),
                    Topics.maintenanceEvents(plant),
                    i -> "lat-" + i, // keyed by the asset, as inference keys its candidates
                    i -> BenchCandidates.encode(
                            plant, "lat-" + i, BenchCandidates.MODE, "RAISED", 700, Instant.now(), "L" + i),
                    r -> EventIds.candidateNumber(r.value()));
        }
    }

    /** One hop (in, out) or two, through a repartition topic like the lifecycle's by-asset hop. */
    Latency passThroughLatency(boolean twoHops) throws Exception {
        String name = twoHops ? "hops" : "lat";
        out.printf("broker: pass-through latency (%s) ...%n", twoHops ? "two hops" : "one hop");
        String in = twoHops ? HOP_IN : LAT_IN, outTopic = twoHops ? HOP_OUT : LAT_OUT;
        try (KafkaStreams s = passThrough(name, in, outTopic, twoHops)) {
            return latency(
                    passThroughId(name),
                    (int) (o.rate() * o.latencyRun().toSeconds()),
                    passThroughId(name),
                    in,
                    outTopic,
                    i -> Long.toString(i),
                    i -> BenchCandidates.encode(
                            LATENCY_PLANT, "lat-" + i, BenchCandidates.MODE, "RAISED", 700, Instant.now(), "L" + i),
                    r -> Long.parseLong(r.key()));
        }
    }

    private AlertingSettings settings(String plant) {
        return new AlertingSettings(
                plant,
                bootstrap,
                dir.resolve(plant),
                o.lifecycle(),
                List.of(),
                o.commitInterval(),
                1,
                io.pdm.schemas.KafkaSecurity.PLAINTEXT);
    }

    private AlertingService service(String plant) throws IOException {
        return AlertingService.start(settings(plant));
    }

    private static String passThroughId(String name) {
        return "pdm.bench.passthrough-" + name;
    }

    /** A pass-through with the service's own Kafka Streams settings ({@link AlertingService#properties}). */
    private KafkaStreams passThrough(String name, String in, String out, boolean twoHops) throws InterruptedException {
        Properties p = AlertingService.properties(settings("pass-" + name));
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, passThroughId(name));
        KafkaStreams s = new KafkaStreams(AlertingBench.passThrough(in, out, twoHops), p);
        s.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (s.state() != KafkaStreams.State.RUNNING && System.nanoTime() < deadline) Thread.sleep(50);
        return s;
    }

    /**
     * Sends n records as fast as the producer goes; the time until the application has committed all n (its group's
     * offsets on the input reach the end: processed, outputs and stores committed in the same transactions), and the
     * CPU time of the application's threads meanwhile. Not the count of output records, which depends on what the
     * topology publishes per input rather than on what it has taken in.
     */
    private AlertingBench.Throughput throughput(
            String applicationId, String in, int n, java.util.function.LongFunction<byte[]> gen) throws Exception {
        byte[][] values = new byte[n][];
        for (int i = 0; i < n; i++) values[i] = gen.apply(i);
        Properties ap = new Properties();
        ap.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (KafkaProducer<String, byte[]> p = producer();
                Admin admin = Admin.create(ap)) {
            long before = committed(admin, applicationId, in);
            var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            long cpu0 = os.getProcessCpuTime(), app0 = AppMetrics.cpuNanos(applicationId), wall0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                p.send(new ProducerRecord<>(in, BenchCandidates.asset(i % o.assets()), values[i]));
            }
            p.flush();
            long done = 0, deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
            while (done < n && System.nanoTime() < deadline) {
                Thread.sleep(20);
                done = committed(admin, applicationId, in) - before;
            }
            long wall = System.nanoTime() - wall0, cpu = os.getProcessCpuTime() - cpu0;
            long app = AppMetrics.cpuNanos(applicationId) - app0;
            if (done < n) throw new IllegalStateException("only " + done + " of " + n + " committed from " + in);
            return new AlertingBench.Throughput(n, wall / 1e9, app / 1e9, cpu / 1e9);
        }
    }

    /** The sum of the group's committed offsets on the topic's partitions (0 before its first commit). */
    private static long committed(Admin admin, String group, String topic) throws Exception {
        long sum = 0;
        for (var e : admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata()
                .get(30, TimeUnit.SECONDS)
                .entrySet()) {
            if (e.getKey().topic().equals(topic) && e.getValue() != null)
                sum += e.getValue().offset();
        }
        return sum;
    }

    private Latency latency(
            String label,
            int n,
            String applicationId,
            String in,
            String outTopic,
            java.util.function.LongFunction<String> key,
            java.util.function.LongFunction<byte[]> gen,
            ToLongFunction<ConsumerRecord<String, byte[]>> idOf)
            throws Exception {
        long[] dueAt = new long[n], received = new long[n];
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong got = new AtomicLong();
        try (KafkaConsumer<String, byte[]> c = consumer(outTopic);
                KafkaProducer<String, byte[]> p = producer()) {
            Thread reader = new Thread(() -> {
                while (!stop.get() && got.get() < n) {
                    for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(50))) {
                        long now = System.nanoTime();
                        int id;
                        try {
                            id = (int) idOf.applyAsLong(r);
                        } catch (RuntimeException e) {
                            continue; // not one of this run's records
                        }
                        if (id >= 0 && id < n && received[id] == 0) {
                            received[id] = now;
                            got.incrementAndGet();
                        }
                    }
                }
            });
            reader.start();
            long anchorEpochMs = System.currentTimeMillis(), anchorNanos = System.nanoTime();
            long start = System.nanoTime(), every = 1_000_000_000L / o.rate();
            for (int i = 0; i < n; i++) {
                long due = start + i * every;
                long wait = due - System.nanoTime();
                if (wait > 0) LockSupport.parkNanos(wait);
                byte[] v = gen.apply(i);
                // latency from when the candidate was due, not from when this thread got to send it: a pause of this
                // JVM (GC: the service's own too) delays the sends due meanwhile, and stamping them after it hid up
                // to the pause from exactly the tail's events (p99 75-133 ms from the send, 134-167 from the due
                // time in the same runs; docs/results/alerting.md, eighth session)
                dueAt[i] = due;
                p.send(new ProducerRecord<>(in, key.apply(i), v));
            }
            p.flush();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (got.get() < n && System.nanoTime() < deadline) Thread.sleep(50);
            stop.set(true);
            reader.join(5_000);
            if (o.latencyLog() != null) {
                new LatencyLog(o.latencyLog()).append(label, dueAt, received, anchorNanos, anchorEpochMs);
            }
        }
        List<Double> ms = new ArrayList<>();
        for (int i = n / 10; i < n; i++) { // the first 10 % warm the JIT and the connections
            if (received[i] != 0) ms.add((received[i] - dueAt[i]) / 1e6);
        }
        ms.sort(Comparator.naturalOrder());
        if (ms.isEmpty()) throw new IllegalStateException("no record arrived on " + outTopic);
        return new Latency(
                o.rate(),
                got.get(),
                pct(ms, 0.50),
                pct(ms, 0.90),
                pct(ms, 0.95),
                pct(ms, 0.99),
                ms.get(ms.size() - 1),
                AppMetrics.components(applicationId));
    }

    private static double pct(List<Double> sorted, double q) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(q * sorted.size()) - 1));
    }

    private KafkaConsumer<String, byte[]> consumer(String topic) throws InterruptedException {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "10");
        KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> parts = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (parts.isEmpty() && System.nanoTime() < deadline) {
            var infos = c.partitionsFor(topic, Duration.ofSeconds(10));
            if (infos != null) infos.forEach(i -> parts.add(new TopicPartition(topic, i.partition())));
            if (parts.isEmpty()) Thread.sleep(200);
        }
        c.assign(parts);
        c.seekToEnd(parts);
        parts.forEach(c::position); // resolve the end now, before anything is sent
        return c;
    }

    private KafkaProducer<String, byte[]> producer() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    private void createTopics(String... names) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(p)) {
            List<NewTopic> topics = Arrays.stream(names)
                    .map(t -> new NewTopic(t, PARTITIONS, (short) 1))
                    .toList();
            admin.createTopics(topics).all().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("could not create the bench topics: " + e, e);
        }
    }

    static void deleteQuietly(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // a temp dir left behind is harmless
        }
    }
}

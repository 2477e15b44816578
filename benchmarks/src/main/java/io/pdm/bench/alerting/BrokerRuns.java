package io.pdm.bench.alerting;

import com.fasterxml.jackson.databind.JsonNode;
import io.pdm.alerting.lifecycle.LifecycleSettings;
import io.pdm.alerting.service.AlertingService;
import io.pdm.alerting.service.AlertingSettings;
import io.pdm.alerting.topology.MaintenanceEvents;
import io.pdm.schemas.Topics;
import io.pdm.schemas.alerting.AlertJson;
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

/** The broker half of the bench: the real service and a pass-through app, same broker, same exactly-once settings. */
final class BrokerRuns {
    static final String PASS_IN = "pdm.bench.passthrough-in.v1", PASS_OUT = "pdm.bench.passthrough-out.v1";
    /** The latency run's own pass-through topics: a new application reads its input from the beginning. */
    static final String LAT_IN = "pdm.bench.latency-in.v1", LAT_OUT = "pdm.bench.latency-out.v1";

    static final String LATENCY_PLANT = "bench-latency";
    static final int PARTITIONS = 3;

    record Latency(int rate, long count, double p50, double p99, double max) {}

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
                PASS_IN, PASS_OUT, LAT_IN, LAT_OUT, Topics.alerts(BenchCandidates.PLANT), Topics.alerts(LATENCY_PLANT));
    }

    AlertingBench.Throughput lifecycleThroughput() throws Exception {
        out.println("broker: lifecycle throughput ...");
        try (AlertingService s = service(BenchCandidates.PLANT)) {
            Instant t0 = Instant.parse("2026-12-01T00:00:00Z");
            return throughput(
                    Topics.alerts(BenchCandidates.PLANT),
                    Topics.alertsState(BenchCandidates.PLANT),
                    i -> BenchCandidates.candidate(i, o.assets(), 50, t0.plusSeconds(i / o.assets()), "c" + i));
        }
    }

    AlertingBench.Throughput passThroughThroughput() throws Exception {
        out.println("broker: pass-through throughput ...");
        try (KafkaStreams s = passThrough("tp", PASS_IN, PASS_OUT)) {
            Instant t0 = Instant.parse("2026-12-01T00:00:00Z");
            return throughput(
                    PASS_IN,
                    PASS_OUT,
                    i -> BenchCandidates.candidate(i, o.assets(), 50, t0.plusSeconds(i / o.assets()), "c" + i));
        }
    }

    Latency lifecycleLatency() throws Exception {
        out.printf(
                "broker: lifecycle latency at %,d candidates/s for %ds ...%n",
                o.rate(), o.latencyRun().toSeconds());
        try (AlertingService s = service(LATENCY_PLANT)) {
            // each candidate raises a new alert, so each one has an event whose data names it
            return latency(
                    Topics.alerts(LATENCY_PLANT),
                    Topics.maintenanceEvents(LATENCY_PLANT),
                    i -> BenchCandidates.encode(
                            LATENCY_PLANT, "lat-" + i, BenchCandidates.MODE, "RAISED", 700, Instant.now(), "L" + i),
                    r -> {
                        JsonNode data = readTree(
                                MaintenanceEvents.parse(r.value()).getData().toBytes());
                        return Long.parseLong(
                                data.at("/alert/facts/candidateId").asText().substring(1));
                    });
        }
    }

    Latency passThroughLatency() throws Exception {
        out.println("broker: pass-through latency ...");
        try (KafkaStreams s = passThrough("lat", LAT_IN, LAT_OUT)) {
            return latency(
                    LAT_IN,
                    LAT_OUT,
                    i -> BenchCandidates.encode(
                            LATENCY_PLANT, "lat-" + i, BenchCandidates.MODE, "RAISED", 700, Instant.now(), "L" + i),
                    r -> Long.parseLong(r.key()));
        }
    }

    private AlertingService service(String plant) throws IOException {
        return AlertingService.start(new AlertingSettings(
                plant,
                bootstrap,
                dir.resolve(plant),
                LifecycleSettings.DEFAULTS.withFleetingHold(Duration.ZERO),
                List.of(),
                AlertingSettings.DEFAULT_COMMIT_INTERVAL,
                1,
                io.pdm.schemas.KafkaSecurity.PLAINTEXT));
    }

    private KafkaStreams passThrough(String name, String in, String out) throws InterruptedException {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "pdm.bench.passthrough-" + name);
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.STATE_DIR_CONFIG, dir.resolve("pass-" + name).toString());
        p.put(
                StreamsConfig.COMMIT_INTERVAL_MS_CONFIG,
                Long.toString(AlertingSettings.DEFAULT_COMMIT_INTERVAL.toMillis()));
        p.put(StreamsConfig.consumerPrefix("fetch.max.wait.ms"), "20");
        p.put(StreamsConfig.producerPrefix("linger.ms"), "0");
        KafkaStreams s = new KafkaStreams(AlertingBench.passThrough(in, out), p);
        s.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (s.state() != KafkaStreams.State.RUNNING && System.nanoTime() < deadline) Thread.sleep(50);
        return s;
    }

    /** Sends n records as fast as the producer goes; the time until n records are on the output topic. */
    private AlertingBench.Throughput throughput(String in, String outTopic, java.util.function.LongFunction<byte[]> gen)
            throws Exception {
        int n = o.brokerCandidates();
        byte[][] values = new byte[n][];
        for (int i = 0; i < n; i++) values[i] = gen.apply(i);
        try (KafkaConsumer<String, byte[]> c = consumer(outTopic);
                KafkaProducer<String, byte[]> p = producer()) {
            var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            long cpu0 = os.getProcessCpuTime(), wall0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                p.send(new ProducerRecord<>(in, BenchCandidates.asset(i % o.assets()), values[i]));
            }
            p.flush();
            long seen = 0, deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
            while (seen < n && System.nanoTime() < deadline)
                seen += c.poll(Duration.ofMillis(100)).count();
            long wall = System.nanoTime() - wall0, cpu = os.getProcessCpuTime() - cpu0;
            if (seen < n) throw new IllegalStateException("only " + seen + " of " + n + " arrived on " + outTopic);
            return new AlertingBench.Throughput(n, wall / 1e9, cpu / 1e9);
        }
    }

    private Latency latency(
            String in,
            String outTopic,
            java.util.function.LongFunction<byte[]> gen,
            ToLongFunction<ConsumerRecord<String, byte[]>> idOf)
            throws Exception {
        int n = (int) (o.rate() * o.latencyRun().toSeconds());
        long[] sent = new long[n], received = new long[n];
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
            long start = System.nanoTime(), every = 1_000_000_000L / o.rate();
            for (int i = 0; i < n; i++) {
                long due = start + i * every;
                long wait = due - System.nanoTime();
                if (wait > 0) LockSupport.parkNanos(wait);
                byte[] v = gen.apply(i);
                sent[i] = System.nanoTime();
                p.send(new ProducerRecord<>(in, Long.toString(i), v));
            }
            p.flush();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (got.get() < n && System.nanoTime() < deadline) Thread.sleep(50);
            stop.set(true);
            reader.join(5_000);
        }
        List<Double> ms = new ArrayList<>();
        for (int i = n / 10; i < n; i++) { // the first 10 % warm the JIT and the connections
            if (received[i] != 0) ms.add((received[i] - sent[i]) / 1e6);
        }
        ms.sort(Comparator.naturalOrder());
        if (ms.isEmpty()) throw new IllegalStateException("no record arrived on " + outTopic);
        return new Latency(o.rate(), got.get(), pct(ms, 0.50), pct(ms, 0.99), ms.get(ms.size() - 1));
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

    private static JsonNode readTree(byte[] json) {
        try {
            return AlertJson.mapper().readTree(json);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
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

package io.pdm.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * Issue 14: the KRaft metadata log must survive restarts. A child JVM runs the in-process broker on one
 * data dir while a producer writes; it is stopped with SIGTERM and {@code kill -9} in turn and
 * restarted each time: every start must succeed and every record the producer saw acknowledged must
 * be there at the end. Cycles: {@code -Dpdm.kafka.restarts} (default 6).
 */
class KafkaRestartIT {
    /** Child JVMs of this class: a failed assertion must not leave one running. */
    private static final java.util.List<Process> STARTED = new java.util.concurrent.CopyOnWriteArrayList<>();

    @org.junit.jupiter.api.AfterEach
    void killLeftoverChildren() {
        STARTED.forEach(Process::destroyForcibly);
        STARTED.clear();
    }

    @Test
    void survivesRepeatedSigtermAndKill9OnTheSameDataDir() throws Exception {
        int restarts = Integer.getInteger("pdm.kafka.restarts", 6);
        Path dir = Files.createTempDirectory("pdm-kafka-restart-");
        int port = FreePorts.find();
        int controllerPort = FreePorts.find();
        Set<String> acked = new ConcurrentSkipListSet<>();
        AtomicBoolean running = new AtomicBoolean(true);
        Process node = start(dir, port, controllerPort, 0);
        Thread producer = new Thread(() -> produce(port, acked, running), "restart-producer");
        producer.start();
        for (int i = 1; i <= restarts; i++) {
            Thread.sleep(1_500 + (long) (Math.random() * 2_500));
            boolean kill9 = i % 2 == 1;
            if (kill9) node.destroyForcibly();
            else node.destroy();
            assertThat(node.waitFor(60, TimeUnit.SECONDS)).as("stopped").isTrue();
            if (!kill9) assertThat(log(dir, i - 1)).as("orderly stop").contains("STOPPED");
            node = start(dir, port, controllerPort, i);
        }
        Thread.sleep(1_000);
        running.set(false);
        producer.join(30_000);
        Set<String> stored = readAll(port);
        node.destroy();
        node.waitFor(60, TimeUnit.SECONDS);
        Set<String> lost = new HashSet<>(acked);
        lost.removeAll(stored);
        System.out.printf(
                "KAFKA-RESTART restarts=%d acked=%d stored=%d lost=%d%n",
                restarts, acked.size(), stored.size(), lost.size());
        assertThat(acked).hasSizeGreaterThan(100);
        assertThat(lost).isEmpty();
        DataDirs.deleteQuietly(dir);
    }

    /**
     * Issue 14's CorruptRecordException: a second broker started on a data dir in use opened the KRaft
     * metadata log before Kafka's own lock refused it, truncated it, and the running broker halted. Now
     * the second is refused before it touches anything and the first keeps serving.
     */
    @Test
    void aSecondBrokerOnTheSameDataDirIsRefusedAndTheFirstKeepsServing() throws Exception {
        Path dir = Files.createTempDirectory("pdm-kafka-twice-");
        int port = FreePorts.find();
        Process first = start(dir, port, FreePorts.find(), 0);
        try {
            EmbeddedKafka second =
                    EmbeddedKafka.builder().dataDir(dir.resolve("kafka")).build();
            org.assertj.core.api.Assertions.assertThatThrownBy(second::start)
                    .isInstanceOf(DirLock.InUseException.class)
                    .hasMessageContaining("in use by process " + first.pid());
            Thread.sleep(5_000); // the halt came within seconds
            assertThat(first.isAlive()).isTrue();
            Set<String> acked = new ConcurrentSkipListSet<>();
            AtomicBoolean running = new AtomicBoolean(true);
            Thread producer = new Thread(() -> produce(port, acked, running));
            producer.start();
            Thread.sleep(2_000);
            running.set(false);
            producer.join(30_000);
            assertThat(acked).isNotEmpty();
            assertThat(log(dir, 0)).doesNotContain("CorruptRecordException");
        } finally {
            first.destroy();
            first.waitFor(60, TimeUnit.SECONDS);
        }
        DataDirs.deleteQuietly(dir);
    }

    private static void produce(int port, Set<String> acked, AtomicBoolean running) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + port);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "120000");
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            for (long i = 0; running.get(); i++) {
                String v = Long.toString(i);
                producer.send(new ProducerRecord<>("restart-test", v, v), (md, e) -> {
                    if (e == null) acked.add(v);
                });
                if (i % 100 == 0) Thread.sleep(5);
            }
            producer.flush();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Set<String> readAll(int port) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + port);
        Set<String> out = new HashSet<>();
        try (KafkaConsumer<String, String> c =
                new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> parts =
                    List.of(new TopicPartition("restart-test", 0), new TopicPartition("restart-test", 1));
            c.assign(parts);
            c.seekToBeginning(parts);
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            int idle = 0;
            while (System.nanoTime() < end && idle < 10) {
                var records = c.poll(Duration.ofMillis(300));
                idle = records.isEmpty() ? idle + 1 : 0;
                records.forEach(r -> out.add(r.value()));
            }
        }
        return out;
    }

    private static String log(Path dir, int run) throws Exception {
        return Files.readString(dir.resolve("node-" + run + ".log"), StandardCharsets.UTF_8);
    }

    private static Process start(Path dir, int port, int controllerPort, int run) throws Exception {
        Path log = dir.resolve("node-" + run + ".log");
        Process p = new ProcessBuilder(List.of(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx384m",
                        "-cp",
                        System.getProperty("java.class.path"),
                        KafkaNode.class.getName(),
                        dir.resolve("kafka").toString(),
                        "" + port,
                        "" + controllerPort))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        STARTED.add(p);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!Files.readString(log, StandardCharsets.UTF_8).contains("READY")) {
            if (!p.isAlive() || System.nanoTime() > deadline) {
                p.destroyForcibly();
                throw new IllegalStateException(
                        "Kafka run " + run + " did not start:\n" + Files.readString(log, StandardCharsets.UTF_8));
            }
            Thread.sleep(100);
        }
        return p;
    }
}

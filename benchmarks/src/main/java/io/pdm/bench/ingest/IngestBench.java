package io.pdm.bench.ingest;

import io.pdm.ingest.IngestConfig;
import io.pdm.ingest.IngestService;
import io.pdm.ingest.NoDelaySocketFactory;
import io.pdm.schemas.MqttTopics;
import io.pdm.schemas.Topics;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/**
 * Ingest throughput benchmark against a running MQTT broker and Kafka (the caller starts them, e.g.
 * {@code pdm bench ingest} with the embedded ones). One run measures, with the same payload bytes:
 * <ol>
 *   <li>broker only: publishers → broker → plain Paho subscribers (shared group, automatic acks);</li>
 *   <li>raw producer: one Kafka producer, {@code acks=all}, idempotent, same batching as the bridge;</li>
 *   <li>bridge: publishers → broker → {@link IngestService} → Kafka acknowledged.</li>
 * </ol>
 * Each phase sends a bounded number of messages (after a short warm-up), so the run ends by itself.
 */
public final class IngestBench {
    /** Bench settings; {@link #defaults(String, String)} gives 200k messages, 4 publishers, 2 bridge connections. */
    public record Options(
            String mqttUrl,
            String kafkaBootstrap,
            int messages,
            int warmup,
            int publishers,
            int connections,
            int assets,
            int partitions,
            int window,
            Map<String, String> producerProps) {
        public static Options defaults(String mqttUrl, String kafkaBootstrap) {
            return new Options(mqttUrl, kafkaBootstrap, 200_000, 20_000, 8, 2, 50, 6, 1_000, Map.of());
        }

        public Options withMessages(int messages, int warmup) {
            return new Options(
                    mqttUrl,
                    kafkaBootstrap,
                    messages,
                    warmup,
                    publishers,
                    connections,
                    assets,
                    partitions,
                    window,
                    producerProps);
        }

        public Options withConnections(int publishers, int connections) {
            return new Options(
                    mqttUrl,
                    kafkaBootstrap,
                    messages,
                    warmup,
                    publishers,
                    connections,
                    assets,
                    partitions,
                    window,
                    producerProps);
        }

        /**
         * Most messages published but not yet consumed. Brokers discard QoS 1 messages beyond a
         * per-session queue limit (HiveMQ {@code max-queued-messages}, default 1000), so an open-loop
         * publisher would measure drops, not throughput; the bench runs closed-loop instead.
         */
        public Options withWindow(int window) {
            return new Options(
                    mqttUrl,
                    kafkaBootstrap,
                    messages,
                    warmup,
                    publishers,
                    connections,
                    assets,
                    partitions,
                    window,
                    producerProps);
        }

        public Options withProducerProps(Map<String, String> props) {
            return new Options(
                    mqttUrl,
                    kafkaBootstrap,
                    messages,
                    warmup,
                    publishers,
                    connections,
                    assets,
                    partitions,
                    window,
                    props);
        }
    }

    /** Measured rates in messages per second. */
    /**
     * @param rawTopicRecords    records in the raw producer's topic after the run (warm-up included)
     * @param bridgeTopicRecords records in the bridged plant's telemetry topic after the run (warm-up included)
     */
    public record Result(
            double brokerOnly,
            double rawProducer,
            double bridge,
            long bridgeRejected,
            long rawTopicRecords,
            long bridgeTopicRecords) {
        public double bridgeVsBrokerOnly() {
            return bridge / brokerOnly;
        }

        public double bridgeVsRawProducer() {
            return bridge / rawProducer;
        }

        public String summary() {
            return String.format(
                    "broker-only QoS1 : %,10.0f msgs/s%n"
                            + "raw Kafka producer: %,10.0f msgs/s%n"
                            + "bridge end-to-end : %,10.0f msgs/s (%s)%n"
                            + "bridge / broker-only  = %.2f (goal >= 0.70)%n"
                            + "bridge / raw producer = %.2f%n",
                    brokerOnly,
                    rawProducer,
                    bridge,
                    bridge >= 50_000 ? "meets 50k goal" : "below 50k goal",
                    bridgeVsBrokerOnly(),
                    bridgeVsRawProducer());
        }
    }

    /** Paho client code "Too many publishes in progress". */
    private static final int MAX_INFLIGHT = 32202;

    private static final String PLANT_BROKER = "bench-broker";
    private static final String PLANT_BRIDGE = "bench-bridge";
    private static final String RAW_TOPIC = Topics.telemetry("bench-raw");

    private IngestBench() {}

    /** {@code IngestBench --mqtt tcp://host:1883 --kafka host:9092 [--messages N] [--publishers P] [--connections C]} */
    public static void main(String[] args) throws Exception {
        Map<String, String> a = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) a.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        if (!a.containsKey("mqtt") || !a.containsKey("kafka")) {
            System.err.println(
                    "usage: IngestBench --mqtt tcp://host:1883 --kafka host:9092 [--messages 200000] [--publishers 4] [--connections 2] [--window 1000]");
            System.exit(2);
        }
        Options o = Options.defaults(a.get("mqtt"), a.get("kafka"));
        if (a.containsKey("messages")) {
            int n = Integer.parseInt(a.get("messages"));
            o = o.withMessages(n, Math.min(20_000, n / 10));
        }
        if (a.containsKey("window")) o = o.withWindow(Integer.parseInt(a.get("window")));
        o = o.withConnections(
                Integer.parseInt(a.getOrDefault("publishers", "" + o.publishers())),
                Integer.parseInt(a.getOrDefault("connections", "" + o.connections())));
        System.out.print(run(o, System.out).summary());
    }

    /** Runs the three phases; progress goes to {@code log}. */
    public static Result run(Options o, PrintStream log) throws Exception {
        byte[] payload = payload();
        createTopics(o);
        log.printf(
                "ingest bench: %,d messages per phase (+%,d warm-up), %d-byte payload, %d publishers, %d subscriber/bridge connections, window %d%n",
                o.messages(), o.warmup(), payload.length, o.publishers(), o.connections(), o.window());
        double broker = brokerOnly(o, payload);
        log.printf("  broker-only: %,.0f msgs/s%n", broker);
        double raw = rawProducer(o, payload);
        log.printf("  raw producer: %,.0f msgs/s%n", raw);
        long[] rejected = new long[1];
        double bridge = bridge(o, payload, rejected);
        log.printf("  bridge: %,.0f msgs/s%n", bridge);
        return new Result(
                broker,
                raw,
                bridge,
                rejected[0],
                recordsIn(o, RAW_TOPIC),
                recordsIn(o, Topics.telemetry(PLANT_BRIDGE)));
    }

    static byte[] payload() {
        return ("{\"ts\":\"" + Instant.now() + "\",\"values\":{\"temp\":71.25,\"vib_rms\":0.0123,\"current\":12.5,"
                        + "\"pressure\":3.2,\"rpm\":1480}}")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** How many records a topic holds, from its partitions' offsets (read back from the broker, not counted here). */
    static long recordsIn(Options o, String topic) throws Exception {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, o.kafkaBootstrap());
        try (Admin admin = Admin.create(p)) {
            Map<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> latest =
                    new HashMap<>();
            Map<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> earliest =
                    new HashMap<>();
            for (var partition : admin.describeTopics(List.of(topic))
                    .allTopicNames()
                    .get(30, TimeUnit.SECONDS)
                    .get(topic)
                    .partitions()) {
                var tp = new org.apache.kafka.common.TopicPartition(topic, partition.partition());
                latest.put(tp, org.apache.kafka.clients.admin.OffsetSpec.latest());
                earliest.put(tp, org.apache.kafka.clients.admin.OffsetSpec.earliest());
            }
            long records = 0;
            for (var end :
                    admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS).values()) {
                records += end.offset();
            }
            for (var start :
                    admin.listOffsets(earliest).all().get(30, TimeUnit.SECONDS).values()) {
                records -= start.offset();
            }
            return records;
        }
    }

    private static void createTopics(Options o) throws Exception {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, o.kafkaBootstrap());
        try (Admin admin = Admin.create(p)) {
            List<NewTopic> topics = List.of(
                    new NewTopic(Topics.telemetry(PLANT_BRIDGE), o.partitions(), (short) 1),
                    new NewTopic(Topics.dlq(PLANT_BRIDGE), 1, (short) 1),
                    new NewTopic(RAW_TOPIC, o.partitions(), (short) 1));
            for (var f : admin.createTopics(topics).values().values()) {
                try {
                    f.get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) throw e;
                }
            }
        }
    }

    /** Phase (a): publishers → broker → subscribers that acknowledge on return from the callback. */
    private static double brokerOnly(Options o, byte[] payload) throws Exception {
        AtomicLong received = new AtomicLong();
        List<MqttAsyncClient> subs = new ArrayList<>();
        try {
            for (int i = 0; i < o.connections(); i++) {
                MqttAsyncClient c = new MqttAsyncClient(o.mqttUrl(), "pdm-bench-sub-" + i, new MemoryPersistence());
                c.setCallback(new Callback() {
                    @Override
                    public void messageArrived(String topic, MqttMessage m) {
                        received.incrementAndGet();
                    }
                });
                MqttConnectionOptions opts = new MqttConnectionOptions();
                opts.setCleanStart(true);
                opts.setSocketFactory(NoDelaySocketFactory.INSTANCE);
                c.connect(opts).waitForCompletion(15_000);
                c.subscribe(
                                MqttTopics.shared(MqttTopics.filter(PLANT_BROKER, MqttTopics.Kind.TELEMETRY))
                                        .replace("pdm-ingest", "pdm-bench"),
                                1)
                        .waitForCompletion(15_000);
                subs.add(c);
            }
            publishAndWait(o, PLANT_BROKER, payload, o.warmup(), received::get);
            received.set(0);
            return publishAndWait(o, PLANT_BROKER, payload, o.messages(), received::get);
        } finally {
            for (MqttAsyncClient c : subs) closeQuietly(c);
        }
    }

    /** Phase (b): the same bytes straight into Kafka with the bridge's producer settings. */
    private static double rawProducer(Options o, byte[] payload) throws Exception {
        Map<String, Object> p = new HashMap<>();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, o.kafkaBootstrap());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 2);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        p.putAll(o.producerProps());
        byte[][] keys = new byte[o.assets()][];
        for (int i = 0; i < keys.length; i++) keys[i] = ("asset-" + i).getBytes(StandardCharsets.UTF_8);
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            sendAll(producer, keys, payload, o.warmup());
            long t0 = System.nanoTime();
            sendAll(producer, keys, payload, o.messages());
            return o.messages() / ((System.nanoTime() - t0) / 1e9);
        }
    }

    private static void sendAll(KafkaProducer<byte[], byte[]> producer, byte[][] keys, byte[] payload, int n)
            throws Exception {
        CountDownLatch done = new CountDownLatch(n);
        AtomicReference<Exception> error = new AtomicReference<>();
        for (int i = 0; i < n; i++) {
            producer.send(new ProducerRecord<>(RAW_TOPIC, keys[i % keys.length], payload), (m, e) -> {
                if (e != null) error.compareAndSet(null, e);
                done.countDown();
            });
        }
        if (!done.await(10, TimeUnit.MINUTES)) throw new IllegalStateException("raw producer did not finish");
        if (error.get() != null) throw error.get();
    }

    /** Phase (c): publishers → broker → bridge → Kafka acknowledged. */
    private static double bridge(Options o, byte[] payload, long[] rejected) throws Exception {
        IngestConfig cfg = IngestConfig.builder()
                .mqttUrl(o.mqttUrl())
                .kafkaBootstrap(o.kafkaBootstrap())
                .clientIdPrefix("pdm-bench-bridge")
                .connections(o.connections())
                .plants(List.of(PLANT_BRIDGE))
                .producerProps(o.producerProps())
                .restPort(-1)
                .sessionExpiry(Duration.ofMinutes(5))
                .build();
        try (IngestService svc = IngestService.start(cfg)) {
            publishAndWait(o, PLANT_BRIDGE, payload, o.warmup(), () -> svc.forwarded() + svc.rejected());
            long base = svc.forwarded() + svc.rejected();
            double rate = publishAndWait(
                    o, PLANT_BRIDGE, payload, o.messages(), () -> svc.forwarded() + svc.rejected() - base);
            rejected[0] = svc.rejected();
            return rate;
        }
    }

    /** Publishes n QoS 1 messages spread over the publishers and assets; rate = n / time until {@code done} reaches n. */
    private static double publishAndWait(Options o, String plant, byte[] payload, int n, LongSupplier done)
            throws Exception {
        if (n <= 0) return 0;
        String[] topics = new String[o.assets()];
        for (int i = 0; i < topics.length; i++) topics[i] = MqttTopics.telemetry(plant, "asset-" + i);
        List<Publisher> pubs = new ArrayList<>();
        try {
            for (int i = 0; i < o.publishers(); i++) pubs.add(new Publisher(o.mqttUrl(), "pdm-bench-pub-" + i));
            long t0 = System.nanoTime();
            List<Thread> threads = new ArrayList<>();
            AtomicReference<Exception> error = new AtomicReference<>();
            AtomicLong published = new AtomicLong();
            for (int i = 0; i < pubs.size(); i++) {
                Publisher pub = pubs.get(i);
                int share = n / pubs.size() + (i < n % pubs.size() ? 1 : 0);
                int offset = i;
                Thread t = new Thread(
                        () -> {
                            try {
                                for (int k = 0; k < share; k++) {
                                    while (published.get() - done.getAsLong() >= o.window()) {
                                        if (error.get() != null) return;
                                        LockSupport.parkNanos(200_000);
                                    }
                                    pub.publish(topics[(k * pubs.size() + offset) % topics.length], payload);
                                    published.incrementAndGet();
                                }
                            } catch (Exception e) {
                                error.compareAndSet(null, e);
                            }
                        },
                        "pdm-bench-publisher-" + i);
                t.start();
                threads.add(t);
            }
            long last = -1, lastChange = System.nanoTime();
            while (done.getAsLong() < n) {
                long now = done.getAsLong();
                if (now != last) {
                    last = now;
                    lastChange = System.nanoTime();
                }
                if (System.nanoTime() - lastChange > TimeUnit.SECONDS.toNanos(20)) {
                    error.compareAndSet(
                            null,
                            new IllegalStateException("stalled at " + now + " of " + n
                                    + " messages; did the broker discard messages (queue limit)?"));
                    break;
                }
                Thread.sleep(1);
            }
            for (Thread t : threads) t.join();
            if (error.get() != null) throw error.get();
            return n / ((System.nanoTime() - t0) / 1e9);
        } finally {
            for (Publisher p : pubs) closeQuietly(p.client);
        }
    }

    /**
     * A QoS 1 publisher that keeps as many messages in flight as the broker's receive maximum allows,
     * blocking (not spinning: the bench shares two cores with both brokers) when the window is full.
     */
    private static final class Publisher {
        final MqttAsyncClient client;
        final Semaphore inFlight;

        Publisher(String url, String id) throws MqttException {
            client = new MqttAsyncClient(url, id, new MemoryPersistence());
            MqttConnectionOptions opts = new MqttConnectionOptions();
            opts.setCleanStart(true);
            opts.setSocketFactory(NoDelaySocketFactory.INSTANCE);
            IMqttToken t = client.connect(opts);
            t.waitForCompletion(15_000);
            Integer max = t.getResponseProperties() == null
                    ? null
                    : t.getResponseProperties().getReceiveMaximum();
            inFlight = new Semaphore(max == null ? 65_535 : max);
            // Paho frees its in-flight slot before it calls deliveryComplete, so a permit released
            // there is always usable.
            client.setCallback(new Callback() {
                @Override
                public void deliveryComplete(IMqttToken token) {
                    inFlight.release();
                }
            });
        }

        void publish(String topic, byte[] payload) throws MqttException, InterruptedException {
            inFlight.acquire();
            while (true) {
                try {
                    client.publish(topic, payload, 1, false);
                    return;
                } catch (MqttException e) {
                    if (e.getReasonCode() != MAX_INFLIGHT) throw e;
                    Thread.sleep(0, 100_000); // rare: Paho's counter lagged behind the callback
                }
            }
        }
    }

    private static void closeQuietly(MqttAsyncClient c) {
        try {
            if (c.isConnected()) c.disconnect().waitForCompletion(5_000);
            c.close(true);
        } catch (MqttException e) {
            // best effort at the end of a phase
        }
    }

    private abstract static class Callback implements MqttCallback {
        @Override
        public void disconnected(MqttDisconnectResponse r) {}

        @Override
        public void mqttErrorOccurred(MqttException e) {}

        @Override
        public void deliveryComplete(IMqttToken token) {}

        @Override
        public void messageArrived(String topic, MqttMessage m) {}

        @Override
        public void connectComplete(boolean reconnect, String uri) {}

        @Override
        public void authPacketArrived(int code, MqttProperties p) {}
    }
}

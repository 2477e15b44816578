package io.pdm.ingest;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.pdm.ingest.web.IngestWebApp;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A running ingest instance: Kafka producer, MQTT bridge (unless {@code mqttEnabled} is false) and
 * the REST API (unless {@code restPort} is negative), all in this JVM. Start it with
 * {@link #start(IngestConfig)}; {@link #close()} stops intake, lets Kafka acknowledge what was sent,
 * disconnects from MQTT and stops the web server, leaving no threads behind.
 */
public final class IngestService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(IngestService.class);

    private final IngestConfig config;
    private final IngestMetrics metrics;
    private final KafkaSink sink;
    private final MaintenanceIntake intake;
    private MqttKafkaBridge bridge;
    private ConfigurableApplicationContext web;
    private int restPort = -1;

    private IngestService(IngestConfig config, MeterRegistry registry) {
        this.config = config;
        this.metrics = new IngestMetrics(registry);
        this.sink = new KafkaSink(config, metrics);
        PayloadValidator validator = new PayloadValidator(config.limits(), java.util.Set.copyOf(config.knownPlants()));
        this.intake = new MaintenanceIntake(validator, sink, new RecentIds(config.dedupCapacity()), metrics);
    }

    /** Starts with its own Prometheus registry, scraped at {@code /actuator/prometheus} of the REST port. */
    public static IngestService start(IngestConfig config) {
        return start(config, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    }

    /** Starts everything the config enables; on failure, whatever started is closed again. */
    public static IngestService start(IngestConfig config, MeterRegistry registry) {
        KafkaAccessCheck.check(config, java.time.Duration.ofSeconds(5)); // a refused credential stops here
        IngestService s = new IngestService(config, registry);
        try {
            if (config.mqttEnabled()) {
                s.bridge = new MqttKafkaBridge(config, s.intake);
                s.bridge.start();
            }
            if (config.restPort() >= 0) {
                s.web = IngestWebApp.start(config, s.intake, new CsvImporter(s.intake, config.csv()), s.metrics);
                s.restPort = IngestWebApp.port(s.web);
                LOG.info(
                        "ingest REST API on {}:{}, {}",
                        config.restAddress(),
                        s.restPort,
                        config.apiKeys() == null && config.jwt() == null
                                ? "no authentication (API keys: PDM_INGEST_API_KEYS_FILE)"
                                : (config.apiKeys() == null ? "" : "API keys from " + config.apiKeys() + " ")
                                        + (config.jwt() == null
                                                ? ""
                                                : "bearer tokens of "
                                                        + config.jwt().issuer()));
                if (config.apiKeys() == null && config.jwt() == null && !isLoopback(config.restAddress())) {
                    LOG.warn(
                            "ingest's REST API listens on {} without API keys: anyone who reaches it can write"
                                    + " maintenance logs for any plant; set PDM_INGEST_API_KEYS_FILE",
                            config.restAddress());
                }
            }
            return s;
        } catch (MqttException | RuntimeException e) {
            s.close();
            throw new IllegalStateException("ingest failed to start: " + e, e);
        }
    }

    private static boolean isLoopback(String address) {
        try {
            return java.net.InetAddress.getByName(address).isLoopbackAddress();
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    public IngestConfig config() {
        return config;
    }

    /** The HTTP port actually bound (useful with port 0), or -1 when REST is disabled. */
    public int restPort() {
        return restPort;
    }

    public IngestMetrics metrics() {
        return metrics;
    }

    public long received() {
        return metrics.receivedCount();
    }

    public long forwarded() {
        return metrics.forwardedCount();
    }

    public long rejected() {
        return metrics.rejectedCount();
    }

    public long duplicates() {
        return metrics.duplicateCount();
    }

    public long kafkaSendFailures() {
        return metrics.sendFailureCount();
    }

    /** One line for the launcher's live progress display. */
    public String progressLine() {
        return "ingest: received " + received() + ", forwarded " + forwarded() + ", rejected " + rejected()
                + ", duplicates " + duplicates() + ", kafka failures " + kafkaSendFailures();
    }

    @Override
    public synchronized void close() {
        if (bridge != null) bridge.close(); // first: stop MQTT intake and ack what Kafka took
        if (web != null) web.close();
        sink.close();
        bridge = null;
        web = null;
    }

    /** Test hook: the Kafka path dies (producer closed, every send fails) while MQTT stays connected. */
    void killKafkaPath() {
        sink.abort();
    }

    /** Test hook: dies like a killed process (no flush, no acks, producer dropped). */
    synchronized void crash() {
        if (bridge != null) bridge.crash();
        sink.abort();
        if (web != null) web.close();
        bridge = null;
        web = null;
    }
}

package io.pdm.alerting.service;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;

/**
 * Liveness and readiness of the alerting service for a container orchestrator, at the paths of the platform's Spring
 * Boot services ({@code /actuator/health/liveness}, {@code /actuator/health/readiness}), so one probe definition fits
 * every service. Written on the JDK's HTTP server: two fixed answers and a scrape do not need a web framework (with
 * the inbox on, its Spring Boot app serves the same paths instead). Live while Kafka Streams runs, rebalances or is
 * starting; ready only while it is RUNNING. With a registry, {@value #PROMETHEUS} serves its meters in the Prometheus
 * text format at the path the Spring Boot services use, so one ServiceMonitor definition fits every service.
 */
public final class HealthEndpoint implements AutoCloseable {
    public static final String LIVENESS = "/actuator/health/liveness";
    public static final String READINESS = "/actuator/health/readiness";
    public static final String PROMETHEUS = "/actuator/prometheus";
    /** The Prometheus text exposition format 0.0.4, what every Prometheus version scrapes. */
    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final HttpServer server;

    private HealthEndpoint(HttpServer server) {
        this.server = server;
    }

    /** Listens on {@code bind:port} (port 0: a free one) and answers from the current {@code state}. */
    public static HealthEndpoint start(String bind, int port, Supplier<KafkaStreams.State> state) throws IOException {
        return start(bind, port, state, null);
    }

    /** As {@link #start(String, int, Supplier)}, and {@value #PROMETHEUS} scrapes {@code meters} (null: no scrape). */
    public static HealthEndpoint start(
            String bind, int port, Supplier<KafkaStreams.State> state, PrometheusMeterRegistry meters)
            throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(bind, port), 0);
        server.createContext(LIVENESS, ex -> answer(ex, live(state.get()), state.get()));
        server.createContext(READINESS, ex -> answer(ex, state.get() == KafkaStreams.State.RUNNING, state.get()));
        if (meters != null) server.createContext(PROMETHEUS, ex -> scrape(ex, meters));
        server.setExecutor(Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "pdm-alerting-health");
            t.setDaemon(true);
            return t;
        }));
        server.start();
        return new HealthEndpoint(server);
    }

    static boolean live(KafkaStreams.State s) {
        return s == KafkaStreams.State.CREATED || s.isRunningOrRebalancing();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private static void answer(HttpExchange ex, boolean up, KafkaStreams.State state) throws IOException {
        try (ex) {
            if (!ex.getRequestMethod().equals("GET") && !ex.getRequestMethod().equals("HEAD")) {
                ex.sendResponseHeaders(405, -1);
                return;
            }
            byte[] body = ("{\"status\":\"" + (up ? "UP" : "DOWN") + "\",\"streams\":\"" + state + "\"}")
                    .getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(up ? 200 : 503, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private static void scrape(HttpExchange ex, PrometheusMeterRegistry meters) throws IOException {
        try (ex) {
            if (!ex.getRequestMethod().equals("GET")) {
                ex.sendResponseHeaders(405, -1);
                return;
            }
            if (!ex.getRequestURI().getPath().equals(PROMETHEUS)) { // a context matches every path below it
                ex.sendResponseHeaders(404, -1);
                return;
            }
            byte[] body = meters.scrape().getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", PROMETHEUS_TEXT);
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

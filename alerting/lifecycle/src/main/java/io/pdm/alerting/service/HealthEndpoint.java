package io.pdm.alerting.service;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
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
 * every service. Written on the JDK's HTTP server: two fixed answers do not need a web framework (the inbox will bring
 * one). Live while Kafka Streams runs, rebalances or is starting; ready only while it is RUNNING.
 */
public final class HealthEndpoint implements AutoCloseable {
    public static final String LIVENESS = "/actuator/health/liveness";
    public static final String READINESS = "/actuator/health/readiness";

    private final HttpServer server;

    private HealthEndpoint(HttpServer server) {
        this.server = server;
    }

    /** Listens on {@code bind:port} (port 0: a free one) and answers from the current {@code state}. */
    public static HealthEndpoint start(String bind, int port, Supplier<KafkaStreams.State> state) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(bind, port), 0);
        server.createContext(LIVENESS, ex -> answer(ex, live(state.get()), state.get()));
        server.createContext(READINESS, ex -> answer(ex, state.get() == KafkaStreams.State.RUNNING, state.get()));
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

    @Override
    public void close() {
        server.stop(0);
    }
}

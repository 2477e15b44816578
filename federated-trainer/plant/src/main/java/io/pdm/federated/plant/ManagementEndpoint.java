package io.pdm.federated.plant;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

/**
 * The plant trainer's management port, apart from the loopback adapter endpoint: liveness and readiness at the paths
 * of the platform's Spring Boot services ({@code /actuator/health/liveness}, {@code …/readiness}) and the meters in
 * the Prometheus text format at {@code /actuator/prometheus}, so one probe and one ServiceMonitor definition fit every
 * service. The JDK's HTTP server: the trainer has no web framework, and three fixed answers need none. The answers
 * say the process serves; the trainer's progress is in the meters ({@link PlantMetrics}).
 */
public final class ManagementEndpoint implements AutoCloseable {
    public static final String LIVENESS = "/actuator/health/liveness";
    public static final String READINESS = "/actuator/health/readiness";
    public static final String PROMETHEUS = "/actuator/prometheus";

    private final HttpServer server;

    private ManagementEndpoint(HttpServer server) {
        this.server = server;
    }

    public static ManagementEndpoint start(InetSocketAddress address, PrometheusMeterRegistry meters) {
        try {
            HttpServer server = HttpServer.create(address, 0);
            server.createContext(LIVENESS, ex -> answer(ex, LIVENESS, "application/json", "{\"status\":\"UP\"}"));
            server.createContext(READINESS, ex -> answer(ex, READINESS, "application/json", "{\"status\":\"UP\"}"));
            server.createContext(
                    PROMETHEUS,
                    ex -> answer(ex, PROMETHEUS, "text/plain; version=0.0.4; charset=utf-8", meters.scrape()));
            server.setExecutor(Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "pdm-fl-plant-management");
                t.setDaemon(true);
                return t;
            }));
            server.start();
            return new ManagementEndpoint(server);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + address + " (the management port)", e);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private static void answer(HttpExchange ex, String path, String type, String body) throws IOException {
        try (ex) {
            if (!ex.getRequestMethod().equals("GET")) {
                ex.sendResponseHeaders(405, -1);
                return;
            }
            if (!ex.getRequestURI().getPath().equals(path)) { // a context matches every path below it
                ex.sendResponseHeaders(404, -1);
                return;
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", type);
            ex.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

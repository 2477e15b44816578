package io.pdm.federated.plant;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.pdm.federated.protocol.AdapterArithmetic;
import io.pdm.federated.protocol.FlJson;
import io.pdm.model.io.Safetensors;
import io.pdm.model.lora.PeftAdapter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * The plant-internal endpoint the inference service polls for the adapter it should run:
 * {@code GET /fl/v1/adapter/current} (JSON: version, lineage, the global version's directory, whether the plant
 * personalises), {@code GET /fl/v1/adapter/current/adapter_config.json} and
 * {@code GET /fl/v1/adapter/current/adapter_model.safetensors}. The files are the adapter the plant serves, which
 * for a personalising plant is the global version plus its own modules, not the global files alone.
 * Plain HTTP: bind it to loopback or the plant network.
 */
public final class CurrentAdapterEndpoint implements AutoCloseable {

    static final String PATH = "/fl/v1/adapter/current";

    private final HttpServer server;

    private CurrentAdapterEndpoint(HttpServer server) {
        this.server = server;
    }

    public static CurrentAdapterEndpoint start(FederatedClient client, InetSocketAddress address) {
        try {
            HttpServer server = HttpServer.create(address, 0);
            server.createContext(PATH, exchange -> {
                try (exchange) {
                    serve(client, exchange);
                }
            });
            server.start();
            return new CurrentAdapterEndpoint(server);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + address, e);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private static void serve(FederatedClient client, HttpExchange exchange) throws IOException {
        Optional<AdapterStore.StoredAdapter> current = client.currentAdapter();
        String path = exchange.getRequestURI().getPath();
        if (!"GET".equals(exchange.getRequestMethod())) {
            respond(exchange, 405, "text/plain", new byte[0]);
        } else if (current.isEmpty()) {
            respond(exchange, 404, "text/plain", "no adapter version yet".getBytes(StandardCharsets.UTF_8));
        } else if (path.equals(PATH)) {
            AdapterStore.StoredAdapter adapter = current.get();
            respond(
                    exchange,
                    200,
                    "application/json",
                    FlJson.write(Map.of(
                                    "version",
                                    adapter.version(),
                                    "directory",
                                    adapter.directory().toString(),
                                    "lineage",
                                    adapter.lineage(),
                                    "personalised",
                                    client.personalises()))
                            .getBytes(StandardCharsets.UTF_8));
        } else if (path.equals(PATH + "/" + PeftAdapter.CONFIG_FILE)) {
            respond(
                    exchange,
                    200,
                    "application/json",
                    AdapterArithmetic.configJson(
                                    client.servedAdapter().orElseThrow().config())
                            .getBytes(StandardCharsets.UTF_8));
        } else if (path.equals(PATH + "/" + PeftAdapter.WEIGHTS_FILE)) {
            respond(
                    exchange,
                    200,
                    "application/octet-stream",
                    Safetensors.encode(
                            AdapterArithmetic.peftNamed(
                                    client.servedAdapter().orElseThrow().weights()),
                            AdapterArithmetic.PEFT_METADATA));
        } else {
            respond(exchange, 404, "text/plain", new byte[0]);
        }
    }

    private static void respond(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

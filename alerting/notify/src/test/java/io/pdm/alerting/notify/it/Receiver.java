package io.pdm.alerting.notify.it;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real HTTP webhook receiver on a free loopback port (the JDK's HttpServer): each path answers from a script of
 * statuses (then 200 for ever) and every request is recorded with its arrival time.
 */
final class Receiver implements AutoCloseable {
    /** One request as it arrived. */
    record Request(String path, String idempotencyKey, String contentType, String body, long nanos) {}

    /** One scripted answer. */
    record Answer(int status, String retryAfter) {}

    private final HttpServer server;
    private final Map<String, Deque<Answer>> scripts = new ConcurrentHashMap<>();
    final List<Request> requests = new CopyOnWriteArrayList<>();

    Receiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            requests.add(new Request(
                    path,
                    exchange.getRequestHeaders().getFirst("Idempotency-Key"),
                    exchange.getRequestHeaders().getFirst("Content-Type"),
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8),
                    System.nanoTime()));
            Deque<Answer> script = scripts.get(path);
            Answer answer;
            synchronized (this) {
                answer = script == null || script.isEmpty() ? new Answer(200, null) : script.pollFirst();
                if (script != null && script.isEmpty() && answer.status() >= 300 && path.startsWith("/down")) {
                    script.addLast(answer); // "/down…" repeats its last answer for ever
                }
            }
            if (answer.retryAfter() != null) exchange.getResponseHeaders().add("Retry-After", answer.retryAfter());
            byte[] body = (answer.status() < 300 ? "ok" : "status " + answer.status()).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(answer.status(), body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    /** The path answers these statuses first, then 200. */
    void script(String path, Answer... answers) {
        scripts.put(path, new ArrayDeque<>(List.of(answers)));
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    List<Request> at(String path) {
        return requests.stream().filter(r -> r.path().equals(path)).toList();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

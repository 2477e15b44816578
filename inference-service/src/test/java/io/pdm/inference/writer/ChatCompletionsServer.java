package io.pdm.inference.writer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * An in-process HTTP server speaking the OpenAI chat-completions API on {@code /v1/chat/completions}:
 * each request is answered by the next scripted {@link Reply} (the last one repeats). Records every
 * request body. No network beyond the loopback interface.
 */
final class ChatCompletionsServer implements AutoCloseable {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** One scripted answer: an HTTP status, a raw body, and a delay before answering. */
    record Reply(int status, String body, long delayMillis) {
        /** A 200 answer whose message content is {@code content} (as the server would send it). */
        static Reply content(String content) {
            try {
                String body = JSON.writeValueAsString(JSON.createObjectNode()
                        .put("id", "chatcmpl-1")
                        .put("object", "chat.completion")
                        .set(
                                "choices",
                                JSON.createArrayNode()
                                        .add(JSON.createObjectNode()
                                                .put("index", 0)
                                                .put("finish_reason", "stop")
                                                .set(
                                                        "message",
                                                        JSON.createObjectNode()
                                                                .put("role", "assistant")
                                                                .put("content", content)))));
                return new Reply(200, body, 0);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        /** A structured-output answer: the content is the JSON object the schema asks for. */
        static Reply json(String text, String... citedLogIds) {
            var node = JSON.createObjectNode().put("text", text);
            var ids = node.putArray("cited_log_ids");
            for (String id : citedLogIds) {
                ids.add(id);
            }
            return content(node.toString());
        }

        Reply delayed(long millis) {
            return new Reply(status, body, millis);
        }
    }

    private final HttpServer server;
    private final ConcurrentLinkedQueue<Reply> script = new ConcurrentLinkedQueue<>();
    private final List<JsonNode> requests = new CopyOnWriteArrayList<>();
    private volatile Reply last;

    ChatCompletionsServer(Reply... replies) throws IOException {
        script.addAll(List.of(replies));
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/v1/chat/completions", this::handle);
        server.start();
    }

    URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    List<JsonNode> requests() {
        return requests;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"POST".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            requests.add(JSON.readTree(exchange.getRequestBody().readAllBytes()));
            Reply reply = script.poll();
            if (reply == null) {
                reply = last;
            }
            last = reply;
            if (reply.delayMillis() > 0) {
                try {
                    Thread.sleep(reply.delayMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(reply.status(), body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        } catch (IOException e) {
            // the client gave up (timeout test): nothing to answer
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

package io.pdm.federated.plant;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;

/**
 * A POST on a connection the aggregator closed while the plant was computing fails before any answer; the client
 * sends it again once on a fresh connection, so a plant is not dropped from a round for an idle-connection timeout.
 */
class AggregatorClientRetryTest {

    @Test
    void aPostOnAConnectionClosedBeforeAnyAnswerIsSentAgainOnAFreshOne() throws Exception {
        List<String> bodies = new CopyOnWriteArrayList<>();
        try (ServerSocket server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            Thread aggregator = new Thread(() -> {
                try {
                    for (int connection = 1; connection <= 2; connection++) {
                        try (Socket socket = server.accept()) {
                            String body = readRequest(socket);
                            if (connection == 1) {
                                continue; // closed without an answer, as an idle-timed-out keep-alive connection
                            }
                            bodies.add(body);
                            OutputStream out = socket.getOutputStream();
                            out.write("HTTP/1.1 202 Accepted\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                                    .getBytes(StandardCharsets.US_ASCII));
                            out.flush();
                        }
                    }
                } catch (Exception e) {
                    bodies.add("server failed: " + e);
                }
            });
            aggregator.start();

            new AggregatorClient(
                            URI.create("http://127.0.0.1:" + server.getLocalPort()),
                            SSLContext.getDefault(),
                            Duration.ofSeconds(10))
                    .postJson("rounds/1/secagg/shares", Map.of("client", 3));

            aggregator.join(10_000);
            assertThat(bodies).containsExactly("{\"client\":3}");
        }
    }

    /** Reads the request line, headers and a Content-Length body; returns the body. */
    private static String readRequest(Socket socket) throws Exception {
        BufferedReader in =
                new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
        int length = 0;
        for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
            if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(
                        line.substring("content-length:".length()).trim());
            }
        }
        char[] body = new char[length];
        int read = 0;
        while (read < length) {
            int n = in.read(body, read, length - read);
            if (n < 0) break;
            read += n;
        }
        return new String(body, 0, read);
    }
}

package io.pdm.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The image's health check (deploy/docker/healthcheck.sh: bash's /dev/tcp, no curl) against a real HTTP server on a
 * free loopback port: 2xx is healthy, anything else is not, unless any answer will do (--any).
 */
class HealthcheckScriptTest {
    private static final Path SCRIPT = Repo.root().resolve("deploy/docker/healthcheck.sh");
    private HttpServer server;

    @BeforeEach
    void start() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/bin/bash")), "no /bin/bash here: the script needs bash");
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/actuator/health/readiness", e -> {
            byte[] body = "{\"status\":\"UP\"}".getBytes(StandardCharsets.UTF_8);
            e.sendResponseHeaders(200, body.length);
            e.getResponseBody().write(body);
            e.close();
        });
        server.createContext("/fl/v1/adapter/current", e -> {
            e.sendResponseHeaders(404, -1);
            e.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        if (server != null) server.stop(0);
    }

    private int run(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("/bin/bash", SCRIPT.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        return p.exitValue();
    }

    @Test
    void healthyOnlyOnASuccessStatusUnlessAnyAnswerWillDo() throws Exception {
        String port = String.valueOf(server.getAddress().getPort());
        assertThat(run(port, "/actuator/health/readiness")).isZero();
        assertThat(run(port, "/fl/v1/adapter/current")).isNotZero();
        assertThat(run(port, "/fl/v1/adapter/current", "--any")).isZero();
    }

    @Test
    void unhealthyWhenNothingListens() throws Exception {
        int free;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            free = s.getLocalPort();
        }
        assertThat(run(String.valueOf(free), "/actuator/health/readiness")).isNotZero();
    }
}

package io.pdm.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.pdm.embedded.FreePorts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * Issue 14, section 5: the demo's Flink binds to loopback only. The REST port was already; the BLOB server followed
 * {@code jobmanager.bind-host} and listened on every interface (found by {@code ss -ltnp} on a running demo).
 */
class EmbeddedFlinkIT {

    @Test
    void theRestEndpointAndTheBlobServerListenOnLoopbackOnly() throws Exception {
        try (EmbeddedFlink flink = new EmbeddedFlink(FreePorts.find(), 1)) {
            int rest = flink.restAddress().getPort();
            int blob = flink.cluster().getClusterInformation().getBlobServerPort();
            assertThat(listenersOnEveryInterface(rest))
                    .as("REST port %d on every interface", rest)
                    .isEmpty();
            assertThat(listenersOnEveryInterface(blob))
                    .as("BLOB port %d on every interface", blob)
                    .isEmpty();
            assertThat(isListening(blob))
                    .as("the BLOB server listens on 127.0.0.1:%d", blob)
                    .isTrue();
        }
    }

    /** Lines of /proc/net/tcp{,6} listening on {@code port} at the wildcard address. */
    private static List<String> listenersOnEveryInterface(int port) throws Exception {
        String hexPort = String.format(Locale.ROOT, ":%04X", port);
        List<String> found = new ArrayList<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            for (String line : Files.readAllLines(Path.of(table))) {
                String[] f = line.trim().split("\\s+");
                if (f.length > 3 && f[3].equals("0A") && f[1].endsWith(hexPort) && f[1].matches("0+" + hexPort)) {
                    found.add(table + " " + f[1]);
                }
            }
        }
        return found;
    }

    private static boolean isListening(int port) {
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }
}

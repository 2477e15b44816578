package io.pdm.launcher;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pdm.embedded.FreePorts;
import io.pdm.embedded.PortHolders;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** Issue 14: a taken default or explicit port stops the demo before anything starts, naming the holder. */
class InfrastructurePortsTest {

    @Test
    @EnabledOnOs(OS.LINUX)
    void aTakenKafkaPortIsRefusedWithTheHolderUnlessFreePortsWasAsked() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            int port = taken.getLocalPort();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            Infrastructure.Settings settings =
                    new Infrastructure.Settings(FreePorts.find(), port, 0, 0, 1, null, false);
            assertThatThrownBy(() -> Infrastructure.start(settings, new PrintStream(out)))
                    .isInstanceOf(PortHolders.PortTakenException.class)
                    .hasMessageContaining("Kafka port " + port + " is already in use")
                    .hasMessageContaining(
                            "held by pid " + ProcessHandle.current().pid())
                    .hasMessageContaining("--kafka-port");
            // checked before anything started: no broker was launched
            org.assertj.core.api.Assertions.assertThat(out.toString()).doesNotContain("starting");
        }
    }
}

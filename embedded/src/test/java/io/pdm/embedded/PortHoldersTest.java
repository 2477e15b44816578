package io.pdm.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

class PortHoldersTest {

    @Test
    @EnabledOnOs(OS.LINUX)
    void aTakenPortIsRefusedNamingThisProcessAsTheHolder() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            int port = taken.getLocalPort();
            assertThat(PortHolders.isFree(port)).isFalse();
            assertThat(PortHolders.describe(port))
                    .startsWith("held by pid " + ProcessHandle.current().pid() + " (");
            assertThatThrownBy(() -> PortHolders.requireFree(port, "MQTT", "--mqtt-port"))
                    .isInstanceOf(PortHolders.PortTakenException.class)
                    .hasMessageContaining("MQTT port " + port + " is already in use")
                    .hasMessageContaining(
                            "held by pid " + ProcessHandle.current().pid())
                    .hasMessageContaining("--mqtt-port")
                    .hasMessageContaining("--free-ports");
        }
    }

    @Test
    void aFreePortPasses() throws Exception {
        int port = FreePorts.find();
        assertThat(PortHolders.isFree(port)).isTrue();
        PortHolders.requireFree(port, "Kafka", "--kafka-port");
    }
}

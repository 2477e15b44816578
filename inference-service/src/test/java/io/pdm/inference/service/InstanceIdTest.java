package io.pdm.inference.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** An instance id is a valid part of a transactional id: a host name is made one, a user's bad id is refused. */
class InstanceIdTest {
    @Test
    void aHostNameBecomesAValidId() {
        assertThat(InstanceId.sanitise("pdm-inference-7c9d4-x2x4q")).isEqualTo("pdm-inference-7c9d4-x2x4q");
        assertThat(InstanceId.sanitise("Build Host #3.example.org")).isEqualTo("build-host-3.example.org");
        assertThat(InstanceId.sanitise("x".repeat(80))).hasSize(64);
        assertThat(InstanceId.sanitise("  ")).matches("i-[0-9a-f]{8}");
        assertThat(InstanceId.sanitise(null)).matches("i-[0-9a-f]{8}");
        assertThat(InstanceId.fromHost()).matches("[a-z0-9._-]{1,64}");
    }

    @Test
    void aGivenIdIsCheckedNotRewritten() {
        assertThat(InstanceId.of("inference-0")).isEqualTo("inference-0");
        assertThatThrownBy(() -> InstanceId.of("pod/1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'pod/1'")
                .hasMessageContaining("transactional id");
        assertThatThrownBy(() -> InstanceId.of("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> InstanceId.of("y".repeat(65))).isInstanceOf(IllegalArgumentException.class);
    }
}

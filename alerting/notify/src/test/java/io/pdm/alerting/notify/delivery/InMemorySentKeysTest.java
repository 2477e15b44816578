package io.pdm.alerting.notify.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class InMemorySentKeysTest {
    @Test
    void aKeyIsClaimedOncePerReceiverUntilReleased() {
        InMemorySentKeys keys = new InMemorySentKeys(10);
        assertThat(keys.claim("email:a@x", "evt-1")).isTrue();
        assertThat(keys.claim("email:a@x", "evt-1")).isFalse();
        assertThat(keys.claim("email:b@x", "evt-1")).as("another receiver").isTrue();
        keys.release("email:a@x", "evt-1");
        assertThat(keys.claim("email:a@x", "evt-1")).as("after a failed send").isTrue();
    }

    @Test
    void forgetsTheOldestPastCapacity() {
        InMemorySentKeys keys = new InMemorySentKeys(3);
        for (int i = 0; i < 5; i++) assertThat(keys.claim("r", "evt-" + i)).isTrue();
        assertThat(keys.size()).isEqualTo(3);
        assertThat(keys.claim("r", "evt-4")).isFalse();
        assertThat(keys.claim("r", "evt-0"))
                .as("forgotten: left to the receiver's idempotency key")
                .isTrue();
    }
}

package io.pdm.federated.aggregator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LongPollTest {

    @Test
    void readsTheWaitPreferenceAmongOthersAndCapsIt() {
        assertThat(LongPoll.requestedWait("wait=10")).hasValue(Duration.ofSeconds(10));
        assertThat(LongPoll.requestedWait("respond-async, wait=5")).hasValue(Duration.ofSeconds(5));
        assertThat(LongPoll.requestedWait("handling=lenient; x=1, WAIT = \"7\""))
                .hasValue(Duration.ofSeconds(7));
        assertThat(LongPoll.requestedWait("wait=3600")).hasValue(LongPoll.MAX_WAIT);
    }

    @Test
    void noUsableWaitMeansAnImmediateAnswer() {
        assertThat(LongPoll.requestedWait(null)).isEmpty();
        assertThat(LongPoll.requestedWait("respond-async")).isEmpty();
        assertThat(LongPoll.requestedWait("wait=0")).isEmpty();
        assertThat(LongPoll.requestedWait("wait=soon")).isEmpty();
    }
}

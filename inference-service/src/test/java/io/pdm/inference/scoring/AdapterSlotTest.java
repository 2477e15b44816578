package io.pdm.inference.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.pdm.inference.scoring.AdapterSlot.Announced;
import io.pdm.inference.scoring.AdapterSlot.Outcome;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class AdapterSlotTest {
    final Clock clock = Clock.fixed(Instant.parse("2026-12-01T00:00:00Z"), ZoneOffset.UTC);
    /** A "model" is its directory name; a directory called "broken" fails its checks. */
    final AdapterSlot<String> slot = new AdapterSlot<>(
            a -> {
                if (a.directory().equals("broken")) throw new RefusedVersionException("shape mismatch in broken");
                return a.directory();
            },
            clock);

    static Announced v(long version, String dir) {
        return new Announced(version, dir, null);
    }

    @Test
    void aNewerVersionIsSwappedInAndAnOlderOneIgnored() {
        assertThat(slot.offer(v(1, "one")).outcome()).isEqualTo(Outcome.SWAPPED);
        assertThat(slot.offer(v(2, "two")).outcome()).isEqualTo(Outcome.SWAPPED);
        assertThat(slot.offer(v(1, "one-again")).outcome()).isEqualTo(Outcome.IGNORED_NOT_NEWER);
        assertThat(slot.current().orElseThrow().model()).isEqualTo("two");
    }

    @Test
    void aBadVersionIsRefusedWithTheReasonAndThePreviousOneKept() {
        slot.offer(v(1, "one"));
        AdapterSlot.Event refused = slot.offer(v(2, "broken"));
        assertThat(refused.outcome()).isEqualTo(Outcome.REFUSED);
        assertThat(refused.detail()).contains("shape mismatch");
        assertThat(slot.current().orElseThrow().model()).isEqualTo("one");
        assertThat(slot.offer(v(3, "three")).outcome()).isEqualTo(Outcome.SWAPPED);
    }

    @Test
    void aPinnedVersionStaysUntilUnpinned() {
        slot.offer(v(1, "one"));
        slot.offer(v(2, "two"));
        slot.pin(v(1, "one"));
        assertThat(slot.current().orElseThrow().model()).isEqualTo("one");
        assertThat(slot.offer(v(3, "three")).outcome()).isEqualTo(Outcome.IGNORED_PINNED);
        assertThat(slot.current().orElseThrow().model()).isEqualTo("one");
        slot.unpin();
        assertThat(slot.offer(v(3, "three")).outcome()).isEqualTo(Outcome.SWAPPED);
    }

    @Test
    void rollbackReturnsToThePreviousVersionAndPinsIt() {
        slot.offer(v(1, "one"));
        slot.offer(v(2, "two"));
        assertThat(slot.rollback().outcome()).isEqualTo(Outcome.ROLLED_BACK);
        assertThat(slot.current().orElseThrow().model()).isEqualTo("one");
        assertThat(slot.pinned()).contains(1L);
        assertThat(slot.offer(v(3, "three")).outcome()).isEqualTo(Outcome.IGNORED_PINNED);
    }

    @Test
    void rollbackWithoutAnEarlierVersionIsRefused() {
        slot.offer(v(1, "one"));
        assertThat(slot.rollback().outcome()).isEqualTo(Outcome.REFUSED);
        assertThat(slot.current().orElseThrow().model()).isEqualTo("one");
    }

    @Test
    void everyOutcomeIsRecorded() {
        slot.offer(v(1, "one"));
        slot.offer(v(2, "broken"));
        assertThat(slot.events())
                .extracting(AdapterSlot.Event::outcome)
                .containsExactly(Outcome.SWAPPED, Outcome.REFUSED);
    }
}

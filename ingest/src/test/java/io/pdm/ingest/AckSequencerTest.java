package io.pdm.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class AckSequencerTest {
    private final List<Integer> acked = Collections.synchronizedList(new ArrayList<>());
    private final AckSequencer seq = new AckSequencer(8, (id, qos) -> acked.add(id));

    @Test
    void acksOnlyTheCompletedPrefixInArrivalOrder() {
        long a = seq.register(11, 1), b = seq.register(12, 1), c = seq.register(13, 1);
        seq.complete(c);
        assertThat(acked).isEmpty();
        seq.complete(b);
        assertThat(acked).isEmpty();
        seq.complete(a);
        assertThat(acked).containsExactly(11, 12, 13);
        assertThat(seq.pending()).isZero();
    }

    @Test
    void failureStopsAllLaterAcks() {
        long a = seq.register(1, 1), b = seq.register(2, 1), c = seq.register(3, 1);
        seq.complete(a);
        seq.fail(b);
        seq.complete(c);
        assertThat(acked).containsExactly(1);
        assertThat(seq.isStopped()).isTrue();
    }

    @Test
    void retiredSequencerNeverAcks() {
        long a = seq.register(1, 1);
        seq.retire();
        seq.complete(a);
        assertThat(acked).isEmpty();
    }

    @Test
    void growsWhenTheBrokerExceedsTheReceiveMaximumAndStillAcksInOrder() {
        for (int i = 0; i < 8; i++) seq.register(i, 1);
        long extra = seq.register(99, 1); // a ninth in flight: more than the receive maximum
        assertThat(seq.capacity()).isGreaterThan(8);
        seq.complete(extra);
        assertThat(acked).isEmpty(); // 0..7 still pending: nothing may overtake them
        for (long s = 7; s >= 0; s--) seq.complete(s);
        assertThat(acked).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 99);
        for (int round = 0; round < 3; round++) {
            long s = seq.register(100 + round, 1);
            seq.complete(s);
        }
        assertThat(acked).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 99, 100, 101, 102);
    }

    @Test
    void concurrentCompletionsStillAckInArrivalOrder() throws Exception {
        AckSequencer big = new AckSequencer(65535, (id, qos) -> acked.add(id));
        ExecutorService pool = Executors.newFixedThreadPool(3);
        Random rnd = new Random(42);
        int n = 20_000;
        List<Long> seqs = new ArrayList<>();
        for (int i = 0; i < n; i++) seqs.add(big.register(i % 65535 + 1, 1));
        Collections.shuffle(seqs, rnd);
        for (long s : seqs) pool.execute(() -> big.complete(s));
        pool.shutdown();
        assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        assertThat(acked).hasSize(n);
        for (int i = 0; i < n; i++) assertThat(acked.get(i)).isEqualTo(i % 65535 + 1);
    }
}

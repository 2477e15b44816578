package io.pdm.federated.secagg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.math.BigInteger;
import java.util.SortedSet;
import org.junit.jupiter.api.Test;

class NeighbourGraphTest {

    @Test
    void theGraphIsKRegularSymmetricAndTheSameForTheSameSession() {
        NeighbourGraph graph = NeighbourGraph.of("session-a", 101, 10);
        NeighbourGraph again = NeighbourGraph.of("session-a", 101, 10);

        for (int client = 1; client <= 101; client++) {
            SortedSet<Integer> neighbours = graph.neighbours(client);
            assertThat(neighbours).hasSize(10).doesNotContain(client);
            assertThat(again.neighbours(client)).isEqualTo(neighbours);
            for (int other : neighbours) {
                assertThat(graph.neighbours(other)).contains(client);
                assertThat(graph.areNeighbours(client, other)).isTrue();
            }
        }
        assertThat(graph.isComplete()).isFalse();
    }

    @Test
    void thePermutationScattersRingNeighboursAcrossTheIds() {
        NeighbourGraph graph = NeighbourGraph.of("session-b", 1000, 20);
        // without the permutation client 500's neighbours would be 490..510; with it, they are spread out
        SortedSet<Integer> neighbours = graph.neighbours(500);
        assertThat(neighbours.last() - neighbours.first()).isGreaterThan(500);
    }

    @Test
    void kOfAtLeastNMinusOneIsTheCompleteGraph() {
        NeighbourGraph graph = NeighbourGraph.of("session-c", 7, 6);

        assertThat(graph.isComplete()).isTrue();
        assertThat(graph.neighbours(3)).containsExactly(1, 2, 4, 5, 6, 7);
        assertThat(NeighbourGraph.of("session-c", 7, 40).degree()).isEqualTo(6);
    }

    @Test
    void anOddOrTooSmallKBelowTheCompleteGraphIsRefused() {
        assertThatThrownBy(() -> NeighbourGraph.of("s", 20, 5)).hasMessageContaining("must be even");
        assertThatThrownBy(() -> NeighbourGraph.of("s", 20, 0)).hasMessageContaining("at least 2");
        assertThatThrownBy(() -> new SecAggConfig("s", 20, 3, 4, new FixedPointCodec(1, 1), 6))
                .hasMessageContaining("threshold must be in ((k+1)/2, k+1]");
    }

    @Test
    void theHypergeometricTailMatchesADirectCount() {
        // X = marked among 5 drawn from 20 of which 6 are marked: P[X >= 3] by counting subsets
        BigInteger total = choose(20, 5);
        BigInteger favourable = BigInteger.ZERO;
        for (int x = 3; x <= 5; x++) favourable = favourable.add(choose(6, x).multiply(choose(14, 5 - x)));
        double expected = Math.log(favourable.doubleValue() / total.doubleValue()) / Math.log(2);

        assertThat(NeighbourhoodBound.log2Tail(19 + 1, 6, 5, 3)).isCloseTo(expected, within(1e-9));
        assertThat(NeighbourhoodBound.log2Tail(20, 6, 5, 0)).isZero();
        assertThat(NeighbourhoodBound.log2Tail(20, 2, 5, 3)).isEqualTo(Double.NEGATIVE_INFINITY);
    }

    @Test
    void theBoundGrowsLikeLogNAndLeavesSmallFederationsComplete() {
        NeighbourhoodBound.Choice small = NeighbourhoodBound.choose(20, 0.1, 0.1, 40, 20, 20);
        NeighbourhoodBound.Choice thousand = NeighbourhoodBound.choose(1000, 0.1, 0.1, 40, 20, 1000);
        NeighbourhoodBound.Choice million = NeighbourhoodBound.choose(1_000_000, 0.1, 0.1, 40, 20, 1_000_000);

        assertThat(small.complete()).isTrue();
        assertThat(thousand.neighbours()).isEqualTo(100);
        assertThat(thousand.threshold()).isEqualTo(70);
        assertThat(million.neighbours()).isLessThan(2 * thousand.neighbours());
        for (NeighbourhoodBound.Choice choice : new NeighbourhoodBound.Choice[] {thousand, million}) {
            int k = choice.neighbours();
            int t = choice.threshold();
            int n = choice.clients();
            double log2n = Math.log(n) / Math.log(2);
            assertThat(2 * t).isGreaterThan(k + 1);
            // the three conditions the choice promises, recomputed
            assertThat(log2n + NeighbourhoodBound.log2Tail(n - 1, (int) Math.ceil(0.1 * n), k, 2 * t - k - 1))
                    .isLessThanOrEqualTo(-40);
            assertThat(log2n + NeighbourhoodBound.log2Tail(n - 1, (int) Math.ceil(0.1 * n), k, k + 1 - t))
                    .isLessThanOrEqualTo(-20);
            assertThat(2 * log2n - 1 + k * Math.log(0.2) / Math.log(2)).isLessThanOrEqualTo(-40);
        }
    }

    private static BigInteger choose(int n, int k) {
        BigInteger result = BigInteger.ONE;
        for (int i = 1; i <= k; i++) {
            result = result.multiply(BigInteger.valueOf(n - k + i)).divide(BigInteger.valueOf(i));
        }
        return result;
    }
}

package io.pdm.federated.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Hand-computed examples for every rule on small vectors. */
class AggregationRulesTest {

    private static ClientUpdate update(String plant, long examples, float... delta) {
        return new ClientUpdate(plant, delta, examples);
    }

    @Test
    void fedAvgWeightsByExampleCount() {
        // (1·[1,2] + 3·[3,6]) / 4 = [2.5, 5]
        AggregationResult result = new FedAvg().aggregate(List.of(update("a", 1, 1, 2), update("b", 3, 3, 6)));

        assertThat(result.delta()).containsExactly(2.5f, 5f);
        assertThat(result.report()).isEqualTo(new AggregationReport.WeightedMean(Map.of("a", 0.25, "b", 0.75)));
    }

    @Test
    void trimmedMeanDropsExtremesPerCoordinateAndReportsWhom() {
        // β = 0.25 of 4 clients trims one per side. Coordinate 0: {1,2,3,100} -> mean(2,3) = 2.5;
        // coordinate 1: {-50,0,1,2} -> mean(0,1) = 0.5. "a" and "d" are trimmed at both coordinates.
        List<ClientUpdate> updates =
                List.of(update("a", 1, 1, -50), update("b", 1, 2, 0), update("c", 1, 3, 1), update("d", 1, 100, 2));

        AggregationResult result = new TrimmedMean(0.25).aggregate(updates);

        assertThat(result.delta()).containsExactly(2.5f, 0.5f);
        assertThat(result.report())
                .isEqualTo(new AggregationReport.CoordinateTrim(1, 2, Map.of("a", 2L, "b", 0L, "c", 0L, "d", 2L)));
    }

    @Test
    void trimmedMeanWithZeroFractionIsThePlainMean() {
        AggregationResult result = new TrimmedMean(0.0).aggregate(List.of(update("a", 1, 1), update("b", 9, 2)));

        assertThat(result.delta()).containsExactly(1.5f);
    }

    @Test
    void medianOfOddAndEvenCounts() {
        List<ClientUpdate> odd =
                List.of(update("a", 1, 1), update("b", 1, 5), update("c", 1, 3), update("d", 1, 9), update("e", 1, 7));
        List<ClientUpdate> even = List.of(update("a", 1, 1), update("b", 1, 2), update("c", 1, 3), update("d", 1, 100));

        assertThat(new CoordinateMedian().aggregate(odd).delta()).containsExactly(5f);
        assertThat(new CoordinateMedian().aggregate(even).delta()).containsExactly(2.5f);
    }

    @Test
    void medianHandlesNegativeValuesAndTies() {
        List<ClientUpdate> updates = List.of(update("a", 1, -3, 0), update("b", 1, -1, 0), update("c", 1, -2, -0f));

        assertThat(new CoordinateMedian().aggregate(updates).delta()).containsExactly(-2f, 0f);
    }

    @Test
    void krumPicksTheMostCentralUpdate() {
        // 1-D points 0, 1, 3, 10 and f = 0, so each score sums the 2 nearest squared distances:
        // a: 1+9 = 10, b: 1+4 = 5, c: 4+9 = 13, d: 49+81 = 130.
        List<ClientUpdate> updates =
                List.of(update("a", 1, 0), update("b", 1, 1), update("c", 1, 3), update("d", 1, 10));

        AggregationResult krum = Krum.single(0).aggregate(updates);
        AggregationResult multiKrum = Krum.multi(0, 2).aggregate(updates);

        assertThat(krum.delta()).containsExactly(1f);
        assertThat(krum.report())
                .isEqualTo(new AggregationReport.KrumSelection(
                        Map.of("a", 10.0, "b", 5.0, "c", 13.0, "d", 130.0), List.of("b"), List.of("a", "c", "d")));
        assertThat(multiKrum.delta()).containsExactly(0.5f);
        assertThat(((AggregationReport.KrumSelection) multiKrum.report()).rejectedPlants())
                .containsExactly("c", "d");
    }

    @Test
    void normBoundingScalesDeltasAboveTheMedianNormThenAverages() {
        // Norms 5 ([3,4]), 10 ([6,8]) and 100 ([-60,-80]); the median bound 10 leaves a and b, scales c by 0.1 to
        // [-6,-8]. Equal weights: ([3,4] + [6,8] + [-6,-8]) / 3 = [1, 4/3].
        AggregationResult result = new NormBoundedMean()
                .aggregate(List.of(update("a", 1, 3, 4), update("b", 1, 6, 8), update("c", 1, -60, -80)));

        assertThat(result.delta()[0]).isCloseTo(1f, within(1e-6f));
        assertThat(result.delta()[1]).isCloseTo(4f / 3, within(1e-6f));
        AggregationReport.NormBounded report = (AggregationReport.NormBounded) result.report();
        assertThat(report.bound()).isEqualTo(10.0);
        assertThat(report.scaleByPlant()).containsEntry("a", 1.0).containsEntry("b", 1.0);
        assertThat(report.scaleByPlant().get("c")).isCloseTo(0.1, within(1e-12));
        // However far an attacker scales its delta, the result stays the same.
        AggregationResult larger = new NormBoundedMean()
                .aggregate(List.of(update("a", 1, 3, 4), update("b", 1, 6, 8), update("c", 1, -6000, -8000)));
        assertThat(larger.delta()).containsExactly(result.delta(), within(1e-6f));
    }

    @Test
    void filteredMeanDropsAnOutsizedUpdateAndOneThatPointsAway() {
        // Norms 5, 5, 5 and 50: d is 10 × the median norm (> 3) and is dropped. The coordinate-wise median of the
        // other three, [3,4], [4,3], [-4,-3], is [3,3]; c's cosine with it is negative, so c is dropped too. a and
        // b are averaged: [3.5, 3.5]. Norm bounding alone would have let c and a shrunk d pull the mean back.
        AggregationResult result = new FilteredMean()
                .aggregate(List.of(
                        update("a", 1, 3, 4), update("b", 1, 4, 3), update("c", 1, -4, -3), update("d", 1, -30, -40)));

        assertThat(result.delta()).containsExactly(new float[] {3.5f, 3.5f}, within(1e-6f));
        AggregationReport.Filtered report = (AggregationReport.Filtered) result.report();
        assertThat(report.rejectedPlants()).containsExactly("c", "d");
        assertThat(report.normRatioByPlant().get("d")).isCloseTo(10.0, within(1e-9));
        assertThat(report.cosineByPlant()).doesNotContainKey("d");
        assertThat(report.cosineByPlant().get("a")).isCloseTo(21 / (5 * Math.sqrt(18)), within(1e-12));
        assertThat(report.cosineByPlant().get("c")).isCloseTo(-21 / (5 * Math.sqrt(18)), within(1e-12));
        assertThat(report.bounded().weightByPlant()).containsOnlyKeys("a", "b");
    }

    @Test
    void filteredMeanKeepsEveryoneWhenTheMedianGivesNoDirection() {
        // The median of [1,0] and [-1,0] is [0,0]: no direction, so nobody is dropped.
        AggregationResult result = new FilteredMean().aggregate(List.of(update("a", 1, 1, 0), update("b", 1, -1, 0)));

        assertThat(((AggregationReport.Filtered) result.report()).rejectedPlants())
                .isEmpty();
        assertThat(result.delta()).containsExactly(0f, 0f);
        assertThatThrownBy(() -> new FilteredMean(0.5, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FilteredMean(3, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void flTrustWeightsByCosineWithTheReferenceAtTheReferencesNorm() {
        // Reference [3,4], norm 5. a = [6,8]: cosine 1, rescaled to [3,4]. b = [4,0]: cosine 12/20 = 0.6, rescaled to
        // [5,0]. c = -reference (an unscaled flip) and d = [0,-40] point away: trust 0, left out whatever their norm.
        // (1·[3,4] + 0.6·[5,0]) / 1.6 = [3.75, 2.5].
        AggregationResult result = new FlTrust()
                .aggregate(
                        List.of(
                                update("a", 1, 6, 8),
                                update("b", 1, 4, 0),
                                update("c", 1, -3, -4),
                                update("d", 1, 0, -40)),
                        new float[] {3, 4});

        assertThat(result.delta()).containsExactly(new float[] {3.75f, 2.5f}, within(1e-6f));
        AggregationReport.Trusted report = (AggregationReport.Trusted) result.report();
        assertThat(report.rejectedPlants()).containsExactly("c", "d");
        assertThat(report.excludedPlants()).containsExactly("c", "d");
        assertThat(report.trustByPlant().get("b")).isCloseTo(0.6, within(1e-12));
        assertThat(report.trustByPlant().get("c")).isZero();
        assertThat(report.referenceNorm()).isCloseTo(5, within(1e-12));
    }

    @Test
    void flTrustNeedsTheReferenceAndTakesNoStepWhenNobodyIsTrusted() {
        List<ClientUpdate> away = List.of(update("a", 1, -1, 0), update("b", 1, 0, -1));

        assertThat(new FlTrust().needsReference()).isTrue();
        assertThat(new FedAvg().needsReference()).isFalse();
        assertThatThrownBy(() -> new FlTrust().aggregate(away))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("reference");
        assertThatThrownBy(() -> new FlTrust().aggregate(away, new float[] {1}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(new FlTrust().aggregate(away, new float[] {1, 1}).delta()).containsExactly(0f, 0f);
    }

    @Test
    void krumRefusesTooFewClientsForItsByzantineBound() {
        List<ClientUpdate> three = List.of(update("a", 1, 0), update("b", 1, 1), update("c", 1, 2));

        assertThatThrownBy(() -> Krum.single(1).aggregate(three))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("needs at least 4 clients");
    }

    @Test
    void rulesRejectMismatchedDimensionsAndDuplicatePlants() {
        assertThatThrownBy(() -> new FedAvg().aggregate(List.of(update("a", 1, 1, 2), update("b", 1, 1))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("dimension");
        assertThatThrownBy(() -> new CoordinateMedian().aggregate(List.of(update("a", 1, 1), update("a", 1, 2))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("more than one update");
        assertThatThrownBy(() -> new FedAvg().aggregate(List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void nonFiniteDeltasAreRejectedBeforeTheyReachARule() {
        assertThatThrownBy(() -> update("a", 1, 1, Float.NaN))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("non-finite value at index 1");
        assertThatThrownBy(() -> update("a", 1, Float.POSITIVE_INFINITY)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void clientUpdateIsImmutable() {
        float[] delta = {1, 2};
        ClientUpdate update = new ClientUpdate("a", delta, 1);
        delta[0] = 99;
        update.delta()[1] = 99;

        assertThat(update.delta()).containsExactly(1f, 2f);
        assertThat(update).isEqualTo(new ClientUpdate("a", new float[] {1, 2}, 1));
    }

    @Test
    void weightedMeanAccumulatorStreamsLargeVectorsAcrossBlocks() {
        int dimension = 200_003; // not a multiple of the block size
        WeightedMeanAccumulator accumulator = new WeightedMeanAccumulator(dimension);
        float[] ones = new float[dimension];
        float[] threes = new float[dimension];
        java.util.Arrays.fill(ones, 1f);
        java.util.Arrays.fill(threes, 3f);
        accumulator.add(ones, 1);
        accumulator.add(threes, 3);

        float[] mean = accumulator.mean();

        assertThat(mean[0]).isEqualTo(2.5f);
        assertThat(mean[dimension - 1]).isEqualTo(2.5f);
        assertThat(accumulator.count()).isEqualTo(2);
        assertThat(accumulator.totalWeight()).isCloseTo(4.0, within(0.0));
    }
}

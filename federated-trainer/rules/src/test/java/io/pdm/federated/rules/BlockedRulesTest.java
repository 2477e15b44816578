package io.pdm.federated.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The streamed and spilled (block-wise) aggregation gives the in-memory rule's result: bit-identical, delta and
 * report, for every rule that needs all deltas, and within one float ulp per coordinate for the streamed FedAvg
 * (its double sum runs in arrival order).
 */
class BlockedRulesTest {

    private static final int DIMENSION = 1_000;
    private static final float[] REFERENCE = randomDelta(new SplittableRandom(99), DIMENSION, 0.01);

    @TempDir
    Path spool;

    static Stream<Arguments> everyRuleAndBlockSize() {
        List<Arguments> cases = new ArrayList<>();
        List<AggregationRule> rules = new ArrayList<>();
        StrategyRegistry.rules().forEach(entry -> rules.add(entry.defaults().get()));
        rules.add(new TrimmedMean(0.1));
        rules.add(Krum.multi(2, 3));
        for (AggregationRule rule : rules) {
            for (int blockSize : new int[] {1, 64, 333, DIMENSION, 5_000}) {
                cases.add(Arguments.of(rule, blockSize));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} in blocks of {1}")
    @MethodSource("everyRuleAndBlockSize")
    void blockWiseEqualsTheInMemoryRuleBitForBit(AggregationRule rule, int blockSize) {
        List<ClientUpdate> updates = round(9);

        AggregationResult expected = rule.aggregate(updates, REFERENCE);
        AggregationResult blocked = BlockedRules.aggregate(rule, DeltaBlocks.of(updates, blockSize), REFERENCE);

        assertThat(blocked).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyRuleAndBlockSize")
    void spilledInAnyArrivalOrderEqualsTheInMemoryRuleOverSortedPlants(AggregationRule rule, int ignored)
            throws IOException {
        List<ClientUpdate> updates = round(9);
        List<ClientUpdate> arrivals = new ArrayList<>(updates);
        Collections.shuffle(arrivals, new Random(7));
        AggregationResult spilled;
        Path directory = spool.resolve("round-" + ignored);
        try (RoundAggregation aggregation = RoundAggregation.start(rule, DIMENSION, directory, arrivals.size())) {
            for (ClientUpdate update : arrivals) {
                aggregation.add(update.plant(), update.delta(), update.exampleCount());
            }
            assertThat(aggregation.count()).isEqualTo(updates.size());
            spilled = aggregation.aggregate(REFERENCE);
        }
        AggregationResult expected = rule.aggregate(updates, REFERENCE);

        if (rule instanceof FedAvg) { // streamed: arrival-order double sum, at most one float ulp apart
            float[] want = expected.delta();
            float[] got = spilled.delta();
            for (int i = 0; i < want.length; i++) {
                assertThat(Math.abs(got[i] - want[i])).isLessThanOrEqualTo(Math.ulp(want[i]));
            }
            assertThat(spilled.report()).isEqualTo(expected.report());
        } else {
            assertThat(spilled).isEqualTo(expected);
        }
        assertThat(directory).as("the spill is deleted with the round").doesNotExist();
    }

    @Test
    void theSpillHoldsOneBlockOfEveryPlantWithinItsBudget() {
        assertThat(SpilledDeltas.blockSizeFor(1_000) * 1_000L * Float.BYTES)
                .isLessThanOrEqualTo(SpilledDeltas.BLOCK_BUDGET_BYTES);
        assertThat(SpilledDeltas.blockSizeFor(1_000)).isEqualTo(4_194);
    }

    @Test
    void aSecondDeltaOfAPlantOrANonFiniteValueIsRefusedAndLeavesTheSpillAsItWas() throws IOException {
        try (SpilledDeltas spill = SpilledDeltas.create(spool.resolve("r"), 10, 3)) {
            spill.add("plant-a", new float[10], 1);
            float[] bad = new float[10];
            bad[4] = Float.NaN;

            assertThatThrownBy(() -> spill.add("plant-a", new float[10], 1))
                    .hasMessage("plant plant-a sent more than one update");
            assertThatThrownBy(() -> spill.add("plant-b", bad, 1))
                    .hasMessage("plant plant-b sent a non-finite value at index 4");
            assertThatThrownBy(() -> spill.add("plant-c", new float[9], 1))
                    .hasMessage("plant plant-c sent dimension 9, expected 10");
            assertThat(spill.count()).isEqualTo(1);
            try (Stream<Path> files = Files.list(spool.resolve("r"))) {
                assertThat(files.mapToLong(BlockedRulesTest::size).sum()).isEqualTo(10L * Float.BYTES);
            }
        }
    }

    /** n plants with different norms and example counts, one of them a ×10 sign flip of another. */
    private static List<ClientUpdate> round(int n) {
        SplittableRandom random = new SplittableRandom(42);
        List<ClientUpdate> updates = new ArrayList<>();
        for (int i = 0; i < n - 1; i++) {
            float[] delta = randomDelta(random, DIMENSION, 0.01 * (1 + i % 3));
            for (int j = 0; j < DIMENSION; j++) {
                delta[j] += REFERENCE[j]; // honest plants share a direction with the reference
            }
            updates.add(new ClientUpdate("plant-" + (char) ('a' + i), delta, 10 + 7L * i));
        }
        float[] flipped = updates.get(0).delta();
        for (int j = 0; j < DIMENSION; j++) {
            flipped[j] *= -10;
        }
        updates.add(new ClientUpdate("plant-z", flipped, 50));
        updates.sort(Comparator.comparing(ClientUpdate::plant));
        return updates;
    }

    private static float[] randomDelta(SplittableRandom random, int dimension, double scale) {
        float[] delta = new float[dimension];
        for (int i = 0; i < dimension; i++) {
            delta[i] = (float) ((random.nextDouble() * 2 - 1) * scale);
        }
        return delta;
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}

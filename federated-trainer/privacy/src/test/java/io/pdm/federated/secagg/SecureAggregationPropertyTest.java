package io.pdm.federated.secagg;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

class SecureAggregationPropertyTest {

    private static final FixedPointCodec CODEC = new FixedPointCodec(1 << 12, 4.0);

    @Property(tries = 25)
    void theUnmaskedSumIsThePlainSumOfTheSurvivors(
            @ForAll @IntRange(min = 3, max = 12) int clients,
            @ForAll @IntRange(min = 1, max = 40) int dimension,
            @ForAll long seed) {
        Random random = new Random(seed);
        SecAggConfig config =
                SecAggConfig.withThresholdFraction("property-" + seed, clients, 2.0 / 3, dimension, CODEC);
        Map<Integer, float[]> inputs = new TreeMap<>();
        for (int client = 1; client <= clients; client++) {
            float[] delta = new float[dimension];
            for (int i = 0; i < dimension; i++) {
                delta[i] = (float) (random.nextGaussian() * 2); // some values exceed the range and are clamped
            }
            inputs.put(client, delta);
        }
        List<Integer> order = new ArrayList<>(inputs.keySet());
        Collections.shuffle(order, random);
        int droppingBeforeMasking = random.nextInt(clients - config.threshold() + 1);
        Set<Integer> droppedBeforeMasking = new HashSet<>(order.subList(0, droppingBeforeMasking));
        int spareResponders = clients - droppingBeforeMasking - config.threshold();
        int silentAtUnmasking = random.nextInt(spareResponders + 1);
        Set<Integer> silentAfterMasking =
                new HashSet<>(order.subList(droppingBeforeMasking, droppingBeforeMasking + silentAtUnmasking));
        Set<Integer> contributors = new HashSet<>(inputs.keySet());
        contributors.removeAll(droppedBeforeMasking);

        SecAggResult result = InMemorySecAggRound.run(
                config,
                inputs,
                new DropoutSchedule(Set.of(), droppedBeforeMasking, silentAfterMasking),
                new SecureRandom());

        SecureAggregationTest.assertSumOf(result, inputs, contributors, CODEC);
    }
}

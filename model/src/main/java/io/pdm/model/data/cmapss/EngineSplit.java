package io.pdm.model.data.cmapss;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * Training engines split by whole engine, so no trajectory contributes windows to both sides.
 * Both lists keep the input order.
 */
public record EngineSplit(List<CmapssEngine> train, List<CmapssEngine> validation) {
    public EngineSplit {
        train = List.copyOf(train);
        validation = List.copyOf(validation);
    }

    /**
     * Holds out {@code round(fraction × engines)} engines (at least one when the fraction is positive),
     * chosen by a shuffle seeded with {@code seed}: the same inputs always give the same split.
     */
    public static EngineSplit byEngine(List<CmapssEngine> engines, double validationFraction, long seed) {
        if (validationFraction < 0 || validationFraction >= 1) {
            throw new IllegalArgumentException("validationFraction must be in [0, 1), was " + validationFraction);
        }
        int held = (int) Math.round(engines.size() * validationFraction);
        if (validationFraction > 0) {
            held = Math.max(1, held);
        }
        List<Integer> order =
                new ArrayList<>(IntStream.range(0, engines.size()).boxed().toList());
        Collections.shuffle(order, new Random(seed));
        boolean[] isValidation = new boolean[engines.size()];
        order.subList(0, held).forEach(i -> isValidation[i] = true);
        List<CmapssEngine> train = new ArrayList<>();
        List<CmapssEngine> validation = new ArrayList<>();
        for (int i = 0; i < engines.size(); i++) {
            (isValidation[i] ? validation : train).add(engines.get(i));
        }
        return new EngineSplit(train, validation);
    }
}

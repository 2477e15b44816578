package io.pdm.model.data.cmapss;

import static org.assertj.core.api.Assertions.assertThat;

import io.pdm.model.data.SharedData;
import java.util.List;
import org.junit.jupiter.api.Test;

class EngineSplitTest {
    private final List<CmapssEngine> engines = SharedData.cmapss("FD001").train();

    @Test
    void holdsOutWholeEnginesDisjointly() {
        EngineSplit split = EngineSplit.byEngine(engines, 0.2, 7);

        assertThat(split.validation()).hasSize(20);
        assertThat(split.train()).hasSize(80);
        assertThat(units(split.train())).doesNotContainAnyElementsOf(units(split.validation()));
        assertThat(units(split.train())).isSorted();
    }

    @Test
    void sameSeedSameSplitOtherSeedOtherSplit() {
        List<Integer> first = units(EngineSplit.byEngine(engines, 0.2, 7).validation());

        assertThat(units(EngineSplit.byEngine(engines, 0.2, 7).validation())).isEqualTo(first);
        assertThat(units(EngineSplit.byEngine(engines, 0.2, 8).validation())).isNotEqualTo(first);
    }

    @Test
    void aPositiveFractionHoldsOutAtLeastOneEngine() {
        assertThat(EngineSplit.byEngine(engines.subList(0, 3), 0.01, 1).validation())
                .hasSize(1);
        assertThat(EngineSplit.byEngine(engines, 0, 1).validation()).isEmpty();
    }

    private static List<Integer> units(List<CmapssEngine> engines) {
        return engines.stream().map(CmapssEngine::unit).toList();
    }
}

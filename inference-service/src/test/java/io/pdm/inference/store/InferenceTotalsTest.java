package io.pdm.inference.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class InferenceTotalsTest {
    @Test
    void plantsAddUpWritersMergeAndTheNewestAdapterVersionWins() {
        InferenceTotals a = new InferenceTotals(10, 4, 2, 2, Map.of("template", 2L), null);
        InferenceTotals b = new InferenceTotals(5, 5, 3, 2, Map.of("template", 1L, "local-model", 2L), 4L);
        InferenceTotals sum = a.plus(b).plus(InferenceTotals.ZERO);
        assertThat(sum).isEqualTo(new InferenceTotals(15, 9, 5, 4, Map.of("template", 3L, "local-model", 2L), 4L));
        assertThat(b.plus(new InferenceTotals(0, 0, 0, 0, Map.of(), 7L)).adapterVersion())
                .isEqualTo(7L);
        assertThat(InferenceTotals.ZERO.plus(InferenceTotals.ZERO).adapterVersion())
                .isNull();
    }
}

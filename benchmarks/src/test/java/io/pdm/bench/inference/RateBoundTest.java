package io.pdm.bench.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The exact Poisson bound against values from chi-square tables. */
class RateBoundTest {
    @Test
    void zeroEventsInEightHoursBoundTheRateOnlyBelow375Per1000() {
        // -ln(0.05) = 2.9957: the "rule of three"
        assertThat(RateBound.upperPer1000(0, 8, 0.95)).isCloseTo(1000 * 2.9957 / 8, within(0.1));
    }

    @Test
    void twelveEventsMatchTheChiSquareTable() {
        // chi-square 0.95 quantile with 26 degrees of freedom is 38.885
        assertThat(RateBound.upperPer1000(12, 7.53, 0.95)).isCloseTo(1000 * 38.885 / 2 / 7.53, within(1.0));
        assertThat(RateBound.upperPer1000(1, 1000, 0.95)).isCloseTo(4.744, within(0.001));
    }

    @Test
    void resolvingOnePer1000NeedsAboutThreeThousandUnitsWithoutAnEvent() {
        assertThat(RateBound.exposureToResolve(1, 0.95)).isCloseTo(2995.7, within(0.1));
    }

    @Test
    void badInputIsRefusedWithTheReason() {
        assertThatThrownBy(() -> RateBound.upperPer1000(-1, 8, 0.95)).hasMessageContaining("events must be ≥ 0");
        assertThatThrownBy(() -> RateBound.upperPer1000(0, 0, 0.95)).hasMessageContaining("exposure must be positive");
        assertThatThrownBy(() -> RateBound.upperPer1000(0, 8, 1)).hasMessageContaining("confidence must be in (0, 1)");
    }
}

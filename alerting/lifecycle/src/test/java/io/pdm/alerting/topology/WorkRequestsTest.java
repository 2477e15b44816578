package io.pdm.alerting.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The long text's whole numbers are written as {@code String.format("%.0f")} writes them, without the formatter. */
class WorkRequestsTest {
    @Test
    void wholeNumbersAreFormattedAsTheFormatterWouldForEveryKindOfValue() {
        double[] awkward = {
            0,
            -0.0,
            0.5,
            1.5,
            2.5,
            0.49999999999999994,
            89.99999999999999,
            90.00000000000001,
            0.9 * 100,
            1e15 + 0.5,
            0x1p52,
            1e300,
            -0.4,
            -2.5,
            -96.5,
            Double.NaN,
            Double.POSITIVE_INFINITY,
            Double.NEGATIVE_INFINITY,
            Double.MIN_VALUE,
            Double.MAX_VALUE
        };
        for (double x : awkward) {
            assertThat(WorkRequests.whole(x)).as("%s", x).isEqualTo(String.format(Locale.ROOT, "%.0f", x));
        }
        SplittableRandom random = new SplittableRandom(15);
        for (int i = 0; i < 200_000; i++) {
            double x = i % 2 == 0 ? random.nextDouble(0, 2_000) : Math.round(random.nextDouble(0, 2_000) * 2) / 2.0;
            assertThat(WorkRequests.whole(x)).as("%s", x).isEqualTo(String.format(Locale.ROOT, "%.0f", x));
        }
    }
}

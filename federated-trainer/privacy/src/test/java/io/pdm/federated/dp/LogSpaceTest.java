package io.pdm.federated.dp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LogSpaceTest {

    @ParameterizedTest(name = "log erfc({0}) = {1}")
    @CsvSource({ // reference values: CPython math.log(math.erfc(x))
        "-3, 0.6931361352504468",
        "-1, 0.6112323176780705",
        "0, 0.0",
        "0.5, -0.7350111298370844",
        "1.5, -3.3844920895515527",
        "1.999, -5.360524027545017",
        "2, -5.364941264616638",
        "2.5, -7.806815272727264",
        "5, -27.200889545537436",
        "10, -102.87988902484489",
        "26, -679.8311997631943"
    })
    void logErfcMatchesReferenceValues(double x, double expected) {
        assertThat(LogSpace.logErfc(x)).isCloseTo(expected, within(1e-12 * Math.max(1, Math.abs(expected))));
    }

    @Test
    void logErfcStaysFiniteWhereErfcUnderflows() {
        double x = 30; // erfc(30) ≈ 1e-393 underflows; compare with the asymptotic series
        double asymptotic = -x * x
                - Math.log(x * Math.sqrt(Math.PI))
                + Math.log1p(-1 / (2 * x * x) + 3 / (4 * Math.pow(x, 4)) - 15 / (8 * Math.pow(x, 6)));

        assertThat(LogSpace.logErfc(x)).isCloseTo(asymptotic, within(1e-9));
    }

    @Test
    void logAddAndSubtractAreInverse() {
        double sum = LogSpace.add(Math.log(3), Math.log(5));

        assertThat(sum).isCloseTo(Math.log(8), within(1e-15));
        assertThat(LogSpace.subtract(sum, Math.log(5))).isCloseTo(Math.log(3), within(1e-14));
        assertThat(LogSpace.add(Double.NEGATIVE_INFINITY, 1.0)).isEqualTo(1.0);
        assertThat(LogSpace.subtract(2.0, 2.0)).isEqualTo(Double.NEGATIVE_INFINITY);
    }
}

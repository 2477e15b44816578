package io.pdm.federated.dp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Cross-checks against published figures of established accountants. */
class RdpAccountingTest {

    @Test
    void withoutSubsamplingTheGaussianMechanismHasRdpAlphaOverTwoSigmaSquared() {
        for (double alpha : new double[] {1.5, 2, 7.3, 64}) {
            assertThat(SampledGaussianRdp.rdp(1.0, 2.0, alpha)).isEqualTo(alpha / 8);
        }
    }

    @Test
    void subsamplingAtRateOneHalfMatchesTheDirectIntegerSeries() {
        // α = 2: A_2 = (1−q)² + 2q(1−q) + q²·e^{1/σ²}, so RDP = log(1 + q²(e^{1/σ²} − 1)).
        double q = 0.5;
        double sigma = 1.3;
        double expected = Math.log1p(q * q * Math.expm1(1 / (sigma * sigma)));

        assertThat(SampledGaussianRdp.rdp(q, sigma, 2)).isCloseTo(expected, within(1e-14));
    }

    @Test
    void fractionalOrdersInterpolateBetweenTheirIntegerNeighbours() {
        // RDP is non-decreasing in α, so the erfc series for α = 2.5 must land between the integer sums.
        double atTwo = SampledGaussianRdp.rdp(0.01, 1.1, 2);
        double atTwoAndAHalf = SampledGaussianRdp.rdp(0.01, 1.1, 2.5);
        double atThree = SampledGaussianRdp.rdp(0.01, 1.1, 3);

        assertThat(atTwoAndAHalf).isBetween(atTwo, atThree);
    }

    @Test
    void matchesOpacusRdpAccountantTest() {
        // pytorch/opacus, opacus/tests/accountants_test.py, test_rdp_accountant: noise multiplier 1.5,
        // sample rate 0.04, steps = int(90 / 0.04) = 2250, delta 1e-5, DEFAULT_ALPHAS -> epsilon 7.32911117143
        // (assertAlmostEqual, i.e. 7 decimal places), with get_privacy_spent's Balle et al. 2020 conversion.
        RdpAccountant accountant = RdpAccountant.empty(RdpOrders.OPACUS_DEFAULT, RdpConversion.BALLE_2020)
                .compose(new SampledGaussianRound(0.04, 1.5, 2250));

        assertThat(accountant.guarantee(1e-5).epsilon()).isCloseTo(7.32911117143, within(5e-8));
    }

    @Test
    void matchesTfPrivacyMnistTutorial() {
        // tensorflow/privacy, tutorials/README.md: the default row of "Select Parameters" is noise multiplier 1.12,
        // batch 256 of 60000 (q = 256/60000), 60 epochs (steps = 60 * 60000 // 256 = 14062), delta 1e-5 -> eps 2.92,
        // and "Expected Output" prints 1.00 after one epoch (234 steps). The README predates TF Privacy's switch to
        // the Balle et al. conversion: these figures come out with Mironov 2017's eps = rdp + log(1/delta)/(alpha-1)
        // over the tutorial's orders (the same list as Opacus' DEFAULT_ALPHAS). We compute 2.9222 and 1.00.
        RdpAccountant empty = RdpAccountant.empty(RdpOrders.OPACUS_DEFAULT, RdpConversion.MIRONOV_2017);
        double q = 256 / 60000.0;

        double sixtyEpochs = empty.compose(new SampledGaussianRound(q, 1.12, 14062))
                .guarantee(1e-5)
                .epsilon();
        double oneEpoch = empty.compose(new SampledGaussianRound(q, 1.12, 234))
                .guarantee(1e-5)
                .epsilon();

        assertThat(sixtyEpochs).isCloseTo(2.92, within(0.005));
        assertThat(oneEpoch).isCloseTo(1.00, within(0.005));
        assertThat(empty.compose(new SampledGaussianRound(q, 1.12, 468))
                        .guarantee(1e-5)
                        .epsilon())
                .as("two epochs print 1.04")
                .isCloseTo(1.04, within(0.005));
        assertThat(empty.compose(new SampledGaussianRound(q, 1.2, 10 * 60000 / 256))
                        .guarantee(1e-5)
                        .epsilon())
                .as("table row: noise 1.2, 10 epochs, eps 1.20")
                .isCloseTo(1.20, within(0.005));
        // The remaining row (noise 0.6, 30 epochs, eps 9.74) comes out 9.753 here; its exact settings are unknown.
    }

    @Test
    void balleConversionIsNeverLooserThanMironov() {
        SampledGaussianRound round = new SampledGaussianRound(0.01, 1.0, 1000);
        double balle = RdpAccountant.empty(RdpOrders.EXTENDED, RdpConversion.BALLE_2020)
                .compose(round)
                .guarantee(1e-5)
                .epsilon();
        double mironov = RdpAccountant.empty(RdpOrders.EXTENDED, RdpConversion.MIRONOV_2017)
                .compose(round)
                .guarantee(1e-5)
                .epsilon();

        assertThat(balle).isLessThan(mironov);
    }

    @Test
    void compositionOverRoundsEqualsOneRoundWithAllSteps() {
        SampledGaussianRound tenSteps = new SampledGaussianRound(0.02, 0.9, 10);
        RdpAccountant threeRounds =
                RdpAccountant.empty().compose(tenSteps).compose(tenSteps).compose(tenSteps);
        RdpAccountant oneRound = RdpAccountant.empty().compose(new SampledGaussianRound(0.02, 0.9, 30));

        assertThat(threeRounds.rdp()).containsExactly(oneRound.rdp(), within(1e-12));
    }
}

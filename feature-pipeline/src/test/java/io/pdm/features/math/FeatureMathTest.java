package io.pdm.features.math;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class FeatureMathTest {
    private static float[] sine(int n, double amp, double freq, double rate, double offset) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (float) (offset + amp * Math.sin(2 * Math.PI * freq * i / rate));
        return x;
    }

    @Test
    void sineHasRmsAOverRoot2AndCrestRoot2() {
        WaveformStats s = new WaveformAnalyzer(8).analyze(sine(4096, 3.0, 50, 1024, 0)); // whole periods
        assertThat(s.rms()).isCloseTo(3.0 / Math.sqrt(2), within(1e-4));
        assertThat(s.crestFactor()).isCloseTo(Math.sqrt(2), within(1e-4));
        assertThat(s.peak()).isCloseTo(3.0, within(1e-5));
        assertThat(s.peakToPeak()).isCloseTo(6.0, within(1e-5));
        assertThat(s.skewness()).isCloseTo(0.0, within(1e-4));
        assertThat(s.kurtosis()).isCloseTo(1.5, within(1e-3)); // sine: 3/2
    }

    @Test
    void gaussianHasKurtosis3AndSkewness0() {
        Random rnd = new Random(42);
        float[] x = new float[200_000];
        for (int i = 0; i < x.length; i++) x[i] = (float) (5 + 2 * rnd.nextGaussian());
        WaveformStats s = new WaveformAnalyzer(4).analyze(x);
        assertThat(s.kurtosis()).isCloseTo(3.0, within(0.05));
        assertThat(s.skewness()).isCloseTo(0.0, within(0.02));
        assertThat(s.mean()).isCloseTo(5.0, within(0.02));
    }

    @Test
    void pureToneEnergyLandsInItsBandAndBandsSumToMeanSquare() {
        // rate 1000 Hz, Nyquist 500, 10 bands of 50 Hz: a 175 Hz tone belongs to band 3.
        for (int n : new int[] {1000, 1001, 1024}) {
            WaveformStats s = new WaveformAnalyzer(10).analyze(sine(n, 2.0, 175, 1000, 0.5));
            double total = 0;
            for (int b = 0; b < 10; b++) total += s.bandEnergy(b);
            assertThat(total).as("Parseval, n=%d", n).isCloseTo(s.meanSquare(), within(1e-6 * s.meanSquare()));
            assertThat(s.bandEnergy(3) / (total - s.bandEnergy(0)))
                    .as("n=%d", n)
                    .isGreaterThan(0.95);
            assertThat(s.bandEnergy(0)).as("DC 0.5^2 in band 0, n=%d", n).isCloseTo(0.25, within(0.02));
        }
    }

    @Test
    void blocksMergeToTheSameMomentsAsOneBlock() {
        Random rnd = new Random(7);
        float[] x = new float[3000];
        for (int i = 0; i < x.length; i++) x[i] = (float) Math.exp(rnd.nextGaussian()); // skewed
        WaveformAnalyzer a = new WaveformAnalyzer(4);
        WaveformStats whole = a.analyze(x);
        WaveformStats merged = a.analyze(x, 0, 700);
        merged.merge(a.analyze(x, 700, 1500));
        merged.merge(WaveformStats.fromArray(a.analyze(x, 2200, 800).toArray()));
        assertThat(merged.count()).isEqualTo(3000);
        assertThat(merged.rms()).isCloseTo(whole.rms(), within(1e-9));
        assertThat(merged.skewness()).isCloseTo(whole.skewness(), within(1e-9));
        assertThat(merged.kurtosis()).isCloseTo(whole.kurtosis(), within(1e-8));
        assertThat(merged.peakToPeak()).isEqualTo(whole.peakToPeak());
    }

    @Test
    void slopeOfALineIsExactPerSecond() {
        ScalarStats s = new ScalarStats();
        long t0 = 1_764_000_000_000L; // 2025 epoch millis: large offsets must not hurt precision
        for (int i = 0; i < 100; i++) s.add(t0 + i * 250L, 10 + 0.5 * (i * 0.25), 0.3); // 0.5 per second
        assertThat(s.slope()).isCloseTo(0.5, within(1e-12));
        assertThat(s.last()).isCloseTo(10 + 0.5 * 99 * 0.25, within(1e-12));
        assertThat(s.min()).isEqualTo(10.0);
    }

    @Test
    void welfordMatchesTwoPassAndMergesExactly() {
        Random rnd = new Random(1);
        double[] v = new double[10_000];
        long[] t = new long[v.length];
        ScalarStats all = new ScalarStats(), a = new ScalarStats(), b = new ScalarStats();
        for (int i = 0; i < v.length; i++) {
            v[i] = 1e6 + rnd.nextGaussian() * 3; // large mean: naive sum of squares would lose digits
            t[i] = 1_764_000_000_000L + i * 100L + rnd.nextInt(50);
            all.add(t[i], v[i], 0.2);
            (i < 4000 ? a : b).add(t[i], v[i], 0.2);
        }
        double mean = 0;
        for (double x : v) mean += x;
        mean /= v.length;
        double ss = 0;
        for (double x : v) ss += (x - mean) * (x - mean);
        double std = Math.sqrt(ss / (v.length - 1));
        assertThat(all.mean()).isCloseTo(mean, within(1e-8));
        assertThat(all.std()).isCloseTo(std, within(1e-8));
        a.merge(b);
        assertThat(a.count()).isEqualTo(v.length);
        assertThat(a.mean()).isCloseTo(mean, within(1e-8));
        assertThat(a.std()).isCloseTo(std, within(1e-8));
        assertThat(a.slope()).isCloseTo(all.slope(), within(1e-9));
        assertThat(a.last()).isEqualTo(all.last());
    }

    @Test
    void ewmaFollowsArrivalOrder() {
        ScalarStats s = new ScalarStats();
        s.add(0, 10, 0.5);
        s.add(1000, 20, 0.5);
        s.add(2000, 0, 0.5);
        assertThat(s.ewma()).isEqualTo(7.5); // 10 -> 15 -> 7.5
        assertThat(s.std()).isCloseTo(10.0, within(1e-12));
    }
}

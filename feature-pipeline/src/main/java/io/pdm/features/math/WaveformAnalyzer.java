package io.pdm.features.math;

import java.util.HashMap;
import java.util.Map;
import org.jtransforms.fft.DoubleFFT_1D;

/**
 * Summarises one waveform block into a {@link WaveformStats}: two passes for exact central moments,
 * then one real FFT (JTransforms) for band energies. Keeps its FFT plans and work buffer, so it
 * allocates only the result. Not thread-safe: one instance per task.
 *
 * <p>Bands: {@code bands} equal-width bands from 0 Hz to Nyquist; bin k (frequency k·rate/N) falls
 * in band floor(k·bands/(N/2)), the Nyquist bin in the last band. Energy is scaled so that the
 * bands sum to the mean square of the block (Parseval: Σx² = (1/N)·Σ|X_k|² over all N bins;
 * one-sided bins other than DC and Nyquist count twice). DC is in band 0.
 */
public final class WaveformAnalyzer {
    static {
        // One task = one core: Flink parallelism, not JTransforms threads, spreads the work.
        pl.edu.icm.jlargearrays.ConcurrencyUtils.setNumberOfThreads(1);
    }

    private final int bands;
    private final Map<Integer, DoubleFFT_1D> plans = new HashMap<>();
    private double[] buf = new double[0];

    public WaveformAnalyzer(int bands) {
        if (bands < 1) throw new IllegalArgumentException("bands must be >= 1");
        this.bands = bands;
    }

    public int bands() {
        return bands;
    }

    public WaveformStats analyze(float[] x) {
        return analyze(x, 0, x.length);
    }

    public WaveformStats analyze(float[] x, int off, int len) {
        WaveformStats s = new WaveformStats(bands);
        if (len == 0) return s;
        double sum = 0, min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
        for (int i = off, end = off + len; i < end; i++) {
            double v = x[i];
            sum += v;
            if (v < min) min = v;
            if (v > max) max = v;
        }
        double mean = sum / len;
        double m2 = 0, m3 = 0, m4 = 0;
        if (buf.length < len) buf = new double[Math.max(len, buf.length * 2)];
        double[] a = buf;
        for (int i = 0; i < len; i++) {
            double v = x[off + i];
            a[i] = v;
            double d = v - mean, d2 = d * d;
            m2 += d2;
            m3 += d2 * d;
            m4 += d2 * d2;
        }
        s.n = len;
        s.mean = mean;
        s.m2 = m2;
        s.m3 = m3;
        s.m4 = m4;
        s.min = min;
        s.max = max;
        bandEnergies(a, len, s.bandSums);
        return s;
    }

    /** Adds len·(mean-square energy per band) of a[0..len) to out; destroys a. */
    private void bandEnergies(double[] a, int n, double[] out) {
        if (n == 1) {
            out[0] += a[0] * a[0];
            return;
        }
        plans.computeIfAbsent(n, DoubleFFT_1D::new).realForward(a);
        // Scale: len * |X_k|^2 / N^2 (x2 for one-sided bins) = |X_k|^2 / N (x2).
        double scale = 1.0 / n;
        int half = n / 2; // highest bin index (Nyquist when n is even)
        double binToBand = (double) bands / half;
        out[0] += a[0] * a[0] * scale; // DC
        int lastFull = (n % 2 == 0) ? half - 1 : half; // bins with both Re and Im stored
        for (int k = 1; k <= lastFull; k++) {
            double re, im;
            if (n % 2 == 1 && k == half) {
                re = a[n - 1];
                im = a[1];
            } else {
                re = a[2 * k];
                im = a[2 * k + 1];
            }
            int b = (int) (k * binToBand);
            if (b >= bands) b = bands - 1;
            out[b] += 2 * (re * re + im * im) * scale;
        }
        if (n % 2 == 0) out[bands - 1] += a[1] * a[1] * scale; // Nyquist, real
    }
}

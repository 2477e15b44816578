package io.pdm.features.math;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Statistics of one waveform sensor over any number of blocks: count, mean and central moments
 * M2..M4 (merged with Pébay's pairwise formulas, so blocks combine exactly and stably), min/max,
 * and per-band energy sums. A block is summarised once ({@link WaveformAnalyzer#analyze}) and the
 * summary, not the samples, goes into window state: O(bands) per sensor whatever the sample count.
 *
 * <p>{@code bandSums[b]} is the sum over blocks of (block length x the block's mean-square energy
 * in band b), so {@code bandSums[b] / count} is the window's band energy and the bands sum to
 * the window's mean square (Parseval).
 */
public final class WaveformStats {
    long n;
    double mean, m2, m3, m4;
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    double[] bandSums;

    public WaveformStats(int bands) {
        bandSums = new double[bands];
    }

    /** Merges {@code o} into this (Pébay 2008, eq. 2.1–2.3 for pairwise moment updates). */
    public void merge(WaveformStats o) {
        if (o.n == 0) return;
        if (o.bandSums.length != bandSums.length) throw new IllegalArgumentException("band counts differ");
        for (int b = 0; b < bandSums.length; b++) bandSums[b] += o.bandSums[b];
        min = Math.min(min, o.min);
        max = Math.max(max, o.max);
        if (n == 0) {
            n = o.n;
            mean = o.mean;
            m2 = o.m2;
            m3 = o.m3;
            m4 = o.m4;
            return;
        }
        double na = n, nb = o.n, nn = na + nb;
        double d = o.mean - mean, d2 = d * d;
        double nm4 = m4
                + o.m4
                + d2 * d2 * na * nb * (na * na - na * nb + nb * nb) / (nn * nn * nn)
                + 6 * d2 * (na * na * o.m2 + nb * nb * m2) / (nn * nn)
                + 4 * d * (na * o.m3 - nb * m3) / nn;
        double nm3 = m3 + o.m3 + d * d2 * na * nb * (na - nb) / (nn * nn) + 3 * d * (na * o.m2 - nb * m2) / nn;
        m2 = m2 + o.m2 + d2 * na * nb / nn;
        m3 = nm3;
        m4 = nm4;
        mean += d * nb / nn;
        n += o.n;
    }

    public long count() {
        return n;
    }

    public double mean() {
        return mean;
    }

    public double meanSquare() {
        return n == 0 ? Double.NaN : m2 / n + mean * mean;
    }

    public double rms() {
        return Math.sqrt(meanSquare());
    }

    public double peak() {
        return Math.max(Math.abs(min), Math.abs(max));
    }

    public double peakToPeak() {
        return max - min;
    }
    /** peak / rms; NaN for an all-zero signal. */
    public double crestFactor() {
        double r = rms();
        return r == 0 ? Double.NaN : peak() / r;
    }
    /** Population kurtosis m4/m2^2 (not excess: a Gaussian gives 3); NaN for a constant signal. */
    public double kurtosis() {
        return m2 == 0 ? Double.NaN : n * m4 / (m2 * m2);
    }
    /** Population skewness; NaN for a constant signal. */
    public double skewness() {
        return m2 == 0 ? Double.NaN : Math.sqrt(n) * m3 / Math.pow(m2, 1.5);
    }

    public int bands() {
        return bandSums.length;
    }
    /** Mean-square energy in band {@code b}; the bands sum to {@link #meanSquare()}. */
    public double bandEnergy(int b) {
        return n == 0 ? Double.NaN : bandSums[b] / n;
    }

    /** Flat form [n, mean, m2, m3, m4, min, max, band sums...], so a summary travels as a double[]. */
    public double[] toArray() {
        double[] a = new double[7 + bandSums.length];
        a[0] = n;
        a[1] = mean;
        a[2] = m2;
        a[3] = m3;
        a[4] = m4;
        a[5] = min;
        a[6] = max;
        System.arraycopy(bandSums, 0, a, 7, bandSums.length);
        return a;
    }

    public static WaveformStats fromArray(double[] a) {
        WaveformStats s = new WaveformStats(a.length - 7);
        s.n = (long) a[0];
        s.mean = a[1];
        s.m2 = a[2];
        s.m3 = a[3];
        s.m4 = a[4];
        s.min = a[5];
        s.max = a[6];
        System.arraycopy(a, 7, s.bandSums, 0, s.bandSums.length);
        return s;
    }

    public void write(DataOutput out) throws IOException {
        out.writeLong(n);
        out.writeDouble(mean);
        out.writeDouble(m2);
        out.writeDouble(m3);
        out.writeDouble(m4);
        out.writeDouble(min);
        out.writeDouble(max);
        out.writeInt(bandSums.length);
        for (double v : bandSums) out.writeDouble(v);
    }

    public static WaveformStats read(DataInput in) throws IOException {
        long n = in.readLong();
        double mean = in.readDouble(), m2 = in.readDouble(), m3 = in.readDouble(), m4 = in.readDouble();
        double min = in.readDouble(), max = in.readDouble();
        WaveformStats s = new WaveformStats(in.readInt());
        s.n = n;
        s.mean = mean;
        s.m2 = m2;
        s.m3 = m3;
        s.m4 = m4;
        s.min = min;
        s.max = max;
        for (int b = 0; b < s.bandSums.length; b++) s.bandSums[b] = in.readDouble();
        return s;
    }
}

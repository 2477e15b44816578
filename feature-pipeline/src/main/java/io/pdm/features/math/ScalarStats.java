package io.pdm.features.math;

/**
 * Streaming statistics of one scalar sensor over one window: O(1) state whatever the number of
 * readings. Mean and variance by Welford; the least-squares slope from Welford-style co-moments of
 * (time, value), which stay accurate with epoch-millisecond timestamps where raw power sums would
 * cancel catastrophically. Times are taken relative to the first reading ({@code refTs}) for the
 * same reason. Mutable, not thread-safe: one instance per (key, window, sensor).
 */
public final class ScalarStats {
    long count;
    double mean;
    double m2; // sum of squared deviations from the mean
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    long lastTs = Long.MIN_VALUE;
    double last = Double.NaN;
    long refTs; // time origin for the slope (ms)
    double meanT; // mean time, seconds since refTs
    double m2T; // sum of squared time deviations
    double cTY; // co-moment of time and value
    double ewma = Double.NaN;

    /**
     * Adds one reading. {@code alpha} is the EWMA smoothing factor in (0, 1]; the EWMA follows
     * arrival order (per-asset Kafka order), seeded with the first reading.
     */
    public void add(long tsMillis, double value, double alpha) {
        if (count == 0) refTs = tsMillis;
        count++;
        double n = count;
        double dy = value - mean;
        mean += dy / n;
        m2 += dy * (value - mean);
        double t = (tsMillis - refTs) * 1e-3;
        double dt = t - meanT;
        meanT += dt / n;
        m2T += dt * (t - meanT);
        cTY += dt * (value - mean); // (t - oldMeanT) * (y - newMeanY): exact co-moment update
        if (value < min) min = value;
        if (value > max) max = value;
        if (tsMillis >= lastTs) {
            lastTs = tsMillis;
            last = value;
        }
        ewma = Double.isNaN(ewma) ? value : ewma + alpha * (value - ewma);
    }

    /** Merges {@code o} into this (Chan et al. parallel update). The EWMA keeps the later side's value. */
    public void merge(ScalarStats o) {
        if (o.count == 0) return;
        if (count == 0) {
            copyFrom(o);
            return;
        }
        double na = count, nb = o.count, n = na + nb;
        double oMeanT = o.meanT + (o.refTs - refTs) * 1e-3; // move o's time origin onto ours
        double dy = o.mean - mean;
        double dt = oMeanT - meanT;
        m2 += o.m2 + dy * dy * na * nb / n;
        m2T += o.m2T + dt * dt * na * nb / n;
        cTY += o.cTY + dt * dy * na * nb / n;
        mean += dy * nb / n;
        meanT += dt * nb / n;
        count += o.count;
        min = Math.min(min, o.min);
        max = Math.max(max, o.max);
        if (o.lastTs >= lastTs) {
            lastTs = o.lastTs;
            last = o.last;
            ewma = o.ewma;
        }
    }

    private void copyFrom(ScalarStats o) {
        count = o.count;
        mean = o.mean;
        m2 = o.m2;
        min = o.min;
        max = o.max;
        lastTs = o.lastTs;
        last = o.last;
        refTs = o.refTs;
        meanT = o.meanT;
        m2T = o.m2T;
        cTY = o.cTY;
        ewma = o.ewma;
    }

    public long count() {
        return count;
    }

    public double mean() {
        return count == 0 ? Double.NaN : mean;
    }
    /** Sample standard deviation (n - 1); 0 for a single reading. */
    public double std() {
        return count < 2 ? 0.0 : Math.sqrt(m2 / (count - 1));
    }

    public double min() {
        return min;
    }

    public double max() {
        return max;
    }

    public double last() {
        return last;
    }

    public double ewma() {
        return ewma;
    }
    /** Least-squares slope in value units per second; 0 when time does not vary. */
    public double slope() {
        return m2T <= 0 ? 0.0 : cTY / m2T;
    }

    public void write(java.io.DataOutput out) throws java.io.IOException {
        out.writeLong(count);
        out.writeDouble(mean);
        out.writeDouble(m2);
        out.writeDouble(min);
        out.writeDouble(max);
        out.writeLong(lastTs);
        out.writeDouble(last);
        out.writeLong(refTs);
        out.writeDouble(meanT);
        out.writeDouble(m2T);
        out.writeDouble(cTY);
        out.writeDouble(ewma);
    }

    public static ScalarStats read(java.io.DataInput in) throws java.io.IOException {
        ScalarStats r = new ScalarStats();
        r.count = in.readLong();
        r.mean = in.readDouble();
        r.m2 = in.readDouble();
        r.min = in.readDouble();
        r.max = in.readDouble();
        r.lastTs = in.readLong();
        r.last = in.readDouble();
        r.refTs = in.readLong();
        r.meanT = in.readDouble();
        r.m2T = in.readDouble();
        r.cTY = in.readDouble();
        r.ewma = in.readDouble();
        return r;
    }
}

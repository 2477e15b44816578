package io.pdm.features.math;

import java.util.Map;

/** Turns per-sensor statistics into named features {@code <sensor>.<feature>}. */
public final class FeatureNames {
    private FeatureNames() {}

    /** Non-finite values (e.g. kurtosis of a constant signal) are left out, not sent as NaN. */
    private static void put(Map<String, Double> out, String name, double v) {
        if (Double.isFinite(v)) out.put(name, v);
    }

    public static void putScalar(Map<String, Double> out, String sensor, ScalarStats s) {
        String p = sensor + '.';
        put(out, p + "count", (double) s.count());
        put(out, p + "mean", s.mean());
        put(out, p + "std", s.std());
        put(out, p + "min", s.min());
        put(out, p + "max", s.max());
        put(out, p + "last", s.last());
        put(out, p + "slope", s.slope());
        put(out, p + "ewma", s.ewma());
    }

    public static void putWaveform(Map<String, Double> out, String sensor, WaveformStats s) {
        String p = sensor + '.';
        put(out, p + "samples", (double) s.count());
        put(out, p + "rms", s.rms());
        put(out, p + "peak", s.peak());
        put(out, p + "peak_to_peak", s.peakToPeak());
        put(out, p + "crest", s.crestFactor());
        put(out, p + "kurtosis", s.kurtosis());
        put(out, p + "skewness", s.skewness());
        for (int b = 0; b < s.bands(); b++) put(out, p + "band_" + b, s.bandEnergy(b));
    }
}

package io.pdm.features.flink;

import io.pdm.features.math.FeatureNames;
import io.pdm.features.math.ScalarStats;
import io.pdm.features.math.WaveformStats;
import io.pdm.features.records.Features;
import io.pdm.features.records.Reading;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Window state of one asset: O(number of sensors), never O(readings). Scalar sensors keep a
 * {@link ScalarStats}, waveform sensors a merged {@link WaveformStats}.
 */
public final class WindowAccumulator {
    int messages;
    final HashMap<String, ScalarStats> scalars = new HashMap<>();
    final HashMap<String, WaveformStats> waveforms = new HashMap<>();

    public void add(Observation o, double alpha) {
        messages++;
        Reading r = o.reading();
        if (o.waveform() != null) {
            WaveformStats block = WaveformStats.fromArray(o.waveform());
            WaveformStats acc = waveforms.get(r.waveformSensor());
            if (acc == null) waveforms.put(r.waveformSensor(), block);
            else acc.merge(block);
            return;
        }
        String[] sensors = r.sensors();
        double[] values = r.values();
        long ts = r.ts();
        for (int i = 0; i < sensors.length; i++) {
            ScalarStats s = scalars.get(sensors[i]);
            if (s == null) scalars.put(sensors[i], s = new ScalarStats());
            s.add(ts, values[i], alpha);
        }
    }

    public void merge(WindowAccumulator o) {
        messages += o.messages;
        o.scalars.forEach(
                (k, v) -> scalars.computeIfAbsent(k, x -> new ScalarStats()).merge(v));
        o.waveforms.forEach((k, v) -> {
            WaveformStats acc = waveforms.get(k);
            if (acc == null) waveforms.put(k, v);
            else acc.merge(v);
        });
    }

    public int messages() {
        return messages;
    }

    /**
     * The features of window [start, end) of an asset, without maintenance context: the one place
     * that turns window state into output, whichever operator keeps the windows.
     */
    public Features toFeatures(String plant, String asset, long start, long end) {
        return new Features(plant, asset, start, end, messages, features(), null, null);
    }

    /** Named features, sorted by name for stable output. */
    public Map<String, Double> features() {
        Map<String, Double> out = new TreeMap<>();
        scalars.forEach((k, v) -> FeatureNames.putScalar(out, k, v));
        waveforms.forEach((k, v) -> FeatureNames.putWaveform(out, k, v));
        return out;
    }
}

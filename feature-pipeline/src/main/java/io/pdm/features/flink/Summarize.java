package io.pdm.features.flink;

import io.pdm.features.math.WaveformAnalyzer;
import io.pdm.features.records.Reading;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;

/** Summarises waveform blocks (moments + FFT band energies) once per block; scalars pass through. */
public final class Summarize extends RichMapFunction<Reading, Observation> {
    private final int bands;
    private transient WaveformAnalyzer analyzer;

    public Summarize(int bands) {
        this.bands = bands;
    }

    @Override
    public void open(OpenContext ctx) {
        analyzer = new WaveformAnalyzer(bands);
    }

    @Override
    public Observation map(Reading r) {
        if (!r.isWaveform()) return new Observation(r, null);
        if (analyzer == null) analyzer = new WaveformAnalyzer(bands);
        return new Observation(r, analyzer.analyze(r.samples()).toArray());
    }
}

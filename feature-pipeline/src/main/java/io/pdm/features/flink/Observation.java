package io.pdm.features.flink;

import io.pdm.features.records.Reading;

/**
 * Window input: a reading plus, for a waveform block, its summary computed once before the
 * keyBy ({@code WaveformStats.toArray()} form), so sliding windows never redo the FFT.
 * The reading is kept whole so late records reach the late topic unchanged.
 */
public record Observation(Reading reading, double[] waveform) {
    public String asset() {
        return reading.asset();
    }
}

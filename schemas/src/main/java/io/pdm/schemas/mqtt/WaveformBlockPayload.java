package io.pdm.schemas.mqtt;

import java.time.Instant;

/** {@code { "ts", "sensor", "rateHz", "samples": [...] }}: consecutive samples of one sensor from ts on. */
public record WaveformBlockPayload(Instant ts, String sensor, double rateHz, float[] samples)
        implements TelemetryPayload {
    public WaveformBlockPayload {
        samples = samples.clone();
    }

    @Override
    public float[] samples() {
        return samples.clone();
    }
}

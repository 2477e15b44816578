package io.pdm.schemas.mqtt;

import java.time.Instant;

/**
 * A telemetry message as devices publish it on {@code pdm/v1/{plant}/{asset}/telemetry} (JSON).
 * Contract: {@code json/telemetry-snapshot.schema.json} and {@code json/waveform-block.schema.json}.
 * A payload with a "samples" array is a waveform block, otherwise a snapshot.
 */
public sealed interface TelemetryPayload permits ScalarSnapshotPayload, WaveformBlockPayload {
    Instant ts();
}

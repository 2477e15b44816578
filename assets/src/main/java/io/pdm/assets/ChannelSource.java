package io.pdm.assets;

/** Where a channel's value comes from. */
public enum ChannelSource {
    /** A scalar sensor of a telemetry snapshot ({@code values.<name>}). */
    SNAPSHOT_SENSOR,
    /** A named feature of a feature window on {@code pdm.{plant}.features.v1} ({@code <sensor>.<feature>}). */
    WINDOW_FEATURE
}

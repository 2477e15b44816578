package io.pdm.assets;

/** What one model step is: one scalar snapshot, one machine cycle (a flight, a batch), or one feature window. */
public enum StepCadence {
    SNAPSHOT,
    CYCLE,
    FEATURE_WINDOW
}

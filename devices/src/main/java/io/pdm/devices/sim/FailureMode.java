package io.pdm.devices.sim;

/** The two degradation processes of a simulated pump set. */
public enum FailureMode {
    /** Rolling-bearing wear: impulsive vibration (kurtosis, crest, resonance band), bearing temperature. */
    BEARING,
    /** Mechanical-seal leak with cavitation: discharge pressure and flow fall, motor current rises. */
    SEAL
}

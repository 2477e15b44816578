package io.pdm.assets;

/** The unit remaining life is predicted and reported in. */
public enum LifeUnit {
    /** Machine cycles (flights, batches); one model step of cadence {@link StepCadence#CYCLE} is one cycle. */
    CYCLES,
    /** Operating hours; a step's length comes from the type's step duration. */
    HOURS
}

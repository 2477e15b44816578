package io.pdm.assets.lives;

/** How a life ends. */
public enum LifeEnd {
    /** At an end-of-life event: a failure, or a repair or replacement for cause. */
    FAILED,
    /** Observation stopped before the end (a test engine, a machine still running); the rest is unknown or given. */
    CENSORED
}

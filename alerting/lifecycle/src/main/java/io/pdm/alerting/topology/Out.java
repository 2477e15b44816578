package io.pdm.alerting.topology;

/** What the lifecycle processor sends: an event, a state (null value = tombstone) or a dead letter. */
record Out(Kind kind, byte[] value) {
    enum Kind {
        EVENT,
        STATE,
        DEAD_LETTER
    }
}

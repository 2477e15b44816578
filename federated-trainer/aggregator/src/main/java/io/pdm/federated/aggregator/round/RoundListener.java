package io.pdm.federated.aggregator.round;

/** Told about round transitions, e.g. to start a secure-aggregation session or to count outcomes. */
public interface RoundListener {

    default void roundOpened(RoundRecord round) {}

    /** The round reached a final status; {@code round} is the stored record after the change. */
    default void roundClosed(RoundRecord round) {}
}

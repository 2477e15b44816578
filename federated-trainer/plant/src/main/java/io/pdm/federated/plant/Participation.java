package io.pdm.federated.plant;

import io.pdm.federated.protocol.RejectionReason;

/** What came of a plant's attempt to take part in one round. */
public sealed interface Participation {

    long round();

    /** The delta (or, in secure mode, the masked input) was accepted. */
    record Contributed(long round, long exampleCount, double deltaNorm) implements Participation {}

    /** The plant chose not to take part, e.g. its privacy budget would be exceeded. */
    record Declined(long round, String why) implements Participation {}

    /** The aggregator refused the contribution. */
    record Refused(long round, RejectionReason reason, String detail) implements Participation {}
}

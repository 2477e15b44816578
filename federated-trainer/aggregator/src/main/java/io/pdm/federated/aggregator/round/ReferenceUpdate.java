package io.pdm.federated.aggregator.round;

import io.pdm.federated.protocol.PublishedAdapter;
import io.pdm.federated.protocol.RoundAnnouncement;
import io.pdm.model.tensor.TensorDict;

/**
 * The aggregator's own update of a global version, computed on data it trusts (FLTrust's root dataset), against
 * which rules such as {@link io.pdm.federated.rules.FlTrust} judge the plants' deltas.
 */
@FunctionalInterface
public interface ReferenceUpdate {

    /** Local work on {@code global} for {@code round}, as a delta under the PEFT names the plants upload with. */
    TensorDict delta(PublishedAdapter global, RoundAnnouncement round);
}

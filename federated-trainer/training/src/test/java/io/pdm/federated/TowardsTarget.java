package io.pdm.federated;

import io.pdm.federated.protocol.RoundAnnouncement;
import io.pdm.federated.training.LocalTraining;
import io.pdm.model.tensor.TensorDict;
import java.util.List;

/** Deterministic stand-in for local training: moves the adapter a fixed fraction of the way to a plant's target. */
public record TowardsTarget(TensorDict target, double fraction, long exampleCount) implements LocalTraining {

    @Override
    public Result train(TensorDict globalAdapter, RoundAnnouncement round) {
        return new Result(
                TensorDict.weightedSum(List.of(globalAdapter, target), new double[] {1 - fraction, fraction}),
                exampleCount);
    }

    /** The delta this training produces from {@code global}. */
    public float[] deltaFrom(TensorDict global) {
        return train(global, null).adapter().minus(global).flatten();
    }
}

package io.pdm.federated.training;

import ai.djl.ndarray.NDArray;
import io.pdm.model.train.StepGradients;
import java.util.Map;

/**
 * FedProx (Li et al. 2020): each plant minimises its loss plus (μ/2)·‖w − w_global‖² over the trainable adapter
 * tensors, so heterogeneous plants do not drift far from the global adapter during their local steps. Only local
 * training changes; the aggregator averages as usual. μ = 0 is plain local training.
 *
 * <p>μ is the plant's setting ({@link LocalWork#proximalMu()}), not part of the round announcement: it shapes the
 * plant's own objective, needs nothing from the aggregator, and leaving it out keeps the versioned round schema as
 * it is. A federation that wants one μ for all plants configures it in each plant.
 */
public record FedProx(float mu) {

    public FedProx {
        if (!(mu >= 0) || Float.isInfinite(mu)) {
            throw new IllegalArgumentException("mu must be finite and >= 0, was " + mu);
        }
    }

    /**
     * {@code gradients} plus the proximal term's gradient μ·(w − w_ref) per parameter.
     *
     * @param reference the round's starting weights (the global adapter) under the same names as the parameters
     */
    public StepGradients around(StepGradients gradients, Map<String, NDArray> reference) {
        if (mu == 0) {
            return gradients;
        }
        return gradients.plus((name, w) -> w.sub(reference.get(name)).muli(mu));
    }
}

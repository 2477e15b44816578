package io.pdm.model.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.training.GradientCollector;
import io.pdm.model.nn.PdmTransformer;
import java.util.Map;

/**
 * How one training step turns a batch into the gradients the optimiser applies. {@link #MEAN} is plain mini-batch
 * gradient descent; a caller can swap it for another estimator (DP-SGD's per-example clipping and noise) or add a
 * regulariser's gradient on top (FedProx's proximal term) without a second training loop.
 */
@FunctionalInterface
public interface StepGradients {

    /**
     * Leaves the step's gradient in every parameter's {@link NDArray#getGradient()} (which is zero on entry) and
     * returns the batch's loss. Runs inside the step's {@code NDScope}: temporaries are freed afterwards.
     */
    double compute(PdmTransformer model, Batch batch, Objective objective, Map<String, NDArray> parameters);

    /** The gradient of the batch's mean loss, from one backward pass. */
    StepGradients MEAN = (model, batch, objective, parameters) -> {
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray total = objective.loss(model, batch, true);
            collector.backward(total);
            return total.getFloat();
        }
    };

    /**
     * These gradients plus a data-independent term added to each parameter's gradient afterwards (the gradient
     * of a regulariser of the weights alone, so it needs no backward pass).
     */
    default StepGradients plus(GradientTerm term) {
        return (model, batch, objective, parameters) -> {
            double loss = compute(model, batch, objective, parameters);
            parameters.forEach((name, p) -> {
                try (NDArray gradient = p.getGradient()) {
                    gradient.addi(term.gradient(name, p));
                }
            });
            return loss;
        };
    }

    /** The gradient of a penalty on the weights, per parameter. */
    @FunctionalInterface
    interface GradientTerm {
        NDArray gradient(String name, NDArray parameter);
    }
}

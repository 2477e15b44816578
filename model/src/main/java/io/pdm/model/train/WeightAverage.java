package io.pdm.model.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import io.pdm.model.nn.PdmTransformer;
import java.util.HashMap;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Exponential moving average of the trained weights (Polyak averaging). At a high learning rate the
 * weights jump from one epoch to the next (validation RMSE moved by 2–3 between consecutive epochs on
 * FD003), so a single epoch's weights are a noisy pick; their running average is not.
 */
final class WeightAverage implements AutoCloseable {
    private final Map<String, NDArray> parameters;
    private final Map<String, NDArray> average = new HashMap<>();
    private final float decay;
    private long updates;

    /** @param decay weight of the old average per step, in [0, 1) */
    WeightAverage(Map<String, NDArray> parameters, float decay) {
        if (decay <= 0 || decay >= 1) {
            throw new IllegalArgumentException("decay must be in (0, 1)");
        }
        this.parameters = parameters;
        this.decay = decay;
        parameters.forEach((name, p) -> average.put(name, p.getManager().create(p.toFloatArray(), p.getShape())));
    }

    /**
     * Folds the current weights in. The first updates use a smaller decay, (1 + t) / (10 + t), so the
     * average does not stay close to the initial weights for the first hundreds of steps.
     */
    void update() {
        updates++;
        float d = Math.min(decay, (1f + updates) / (10f + updates));
        try (NDScope scope = new NDScope()) {
            parameters.forEach(
                    (name, p) -> average.get(name).muli(d).addi(p.stopGradient().mul(1 - d)));
        }
    }

    /** The averaged weights, as plain arrays. */
    Map<String, float[]> values() {
        Map<String, float[]> copy = new HashMap<>();
        average.forEach((name, a) -> copy.put(name, a.toFloatArray()));
        return copy;
    }

    /** Scores the model with the averaged weights in place, then puts the trained weights back. */
    double score(ToDoubleFunction<PdmTransformer> validation, PdmTransformer model) {
        Map<String, float[]> trained = new HashMap<>();
        parameters.forEach((name, p) -> trained.put(name, p.toFloatArray()));
        // In-place writes to weights that require a gradient are refused, so the flag is off meanwhile.
        parameters.values().forEach(p -> p.setRequiresGradient(false));
        try {
            parameters.forEach((name, p) -> p.set(average.get(name).toFloatArray()));
            return validation.applyAsDouble(model);
        } finally {
            parameters.forEach((name, p) -> p.set(trained.get(name)));
            parameters.values().forEach(p -> p.setRequiresGradient(true));
        }
    }

    @Override
    public void close() {
        average.values().forEach(NDArray::close);
    }
}

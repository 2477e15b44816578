package io.pdm.inference.facts;

import io.pdm.model.text.AlertFacts.LifeUnit;
import java.util.Objects;

/** Predicted remaining life with its interval (e.g. 5 %–95 % quantiles), as in the model's AlertFacts. */
public record RemainingLife(double predicted, double lower, double upper, LifeUnit unit) {
    public RemainingLife {
        Objects.requireNonNull(unit, "unit");
        if (!(Double.isFinite(predicted) && Double.isFinite(lower) && Double.isFinite(upper))
                || !(lower <= predicted && predicted <= upper)) {
            throw new IllegalArgumentException(
                    "remaining life interval [" + lower + ", " + upper + "] must be finite and contain " + predicted);
        }
    }
}

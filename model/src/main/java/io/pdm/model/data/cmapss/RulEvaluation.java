package io.pdm.model.data.cmapss;

import java.util.Locale;

/** RUL accuracy on one subset: RMSE and the PHM08 score over {@code count} engines. */
public record RulEvaluation(String subset, int count, double rmse, double score) {
    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s: %d engines, RMSE %.2f, score %.1f", subset, count, rmse, score);
    }
}

package io.pdm.model.cmapss;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import io.pdm.model.data.cmapss.RulEvaluation;
import io.pdm.model.data.cmapss.ScoredWindows;
import io.pdm.model.data.cmapss.WindowSet;
import io.pdm.model.nn.PdmTransformer;

/** Predicts remaining useful life in cycles for every window of a set, in batches. */
public final class RulPredictor {
    private static final int BATCH = 512;

    private RulPredictor() {}

    /** Predictions in cycles, never negative. */
    public static float[] predict(PdmTransformer model, WindowSet windows) {
        float[] predictions = new float[windows.count()];
        int stride = windows.length() * windows.channels();
        NDManager manager = model.manager();
        for (int from = 0; from < windows.count(); from += BATCH) {
            int n = Math.min(BATCH, windows.count() - from);
            float[] x = new float[n * stride];
            System.arraycopy(windows.values(), from * stride, x, 0, n * stride);
            try (NDScope scope = new NDScope()) {
                float[] rul = model.forward(
                                manager.create(x, new Shape(n, windows.length(), windows.channels())),
                                null,
                                null,
                                false)
                        .rul()
                        .toFloatArray();
                for (int i = 0; i < n; i++) {
                    predictions[from + i] = Math.max(0f, rul[i] * model.shape().rulScale());
                }
            }
        }
        return predictions;
    }

    public static RulEvaluation evaluate(PdmTransformer model, String subset, WindowSet windows) {
        return score(model, subset, windows).evaluation();
    }

    /** Every window's prediction beside its unit, cycle and truth. */
    public static ScoredWindows score(PdmTransformer model, String subset, WindowSet windows) {
        return ScoredWindows.of(subset, windows, predict(model, windows));
    }
}

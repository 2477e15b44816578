package io.pdm.model.life;

import io.pdm.assets.lives.Life;
import io.pdm.model.cmapss.RulPredictor;
import io.pdm.model.data.cmapss.RulMetrics;
import io.pdm.model.data.cmapss.WindowSet;
import java.util.List;

/**
 * How a life model does on lives it never saw: RMSE of min(cap, remaining life) at every step with a known target,
 * next to always predicting the mean target, and the share of true values inside the calibrated interval.
 *
 * @param windows            windows scored
 * @param rmse               model RMSE in life units
 * @param meanPredictorRmse  RMSE of predicting these lives' mean target (a lower bound for any constant)
 * @param coverage           share of windows whose target lies in [lower, upper]; NaN without an interval
 * @param level              the interval's nominal coverage
 * @param meanWidth          mean upper − lower
 */
public record LifeEvaluation(
        int lives,
        int windows,
        double rmse,
        double meanPredictorRmse,
        double coverage,
        double level,
        double meanWidth) {

    public static LifeEvaluation of(RemainingLifeModel model, List<Life> lives) {
        LifeProtocol protocol = model.protocol();
        WindowSet windows = LifeWindows.everyStep(lives, protocol);
        if (windows.count() == 0) {
            throw new IllegalArgumentException("no window with a known target in " + lives.size() + " lives");
        }
        float[] predicted = RulPredictor.predict(model.network(), windows);
        float[] truth = windows.rulTargets();
        for (int i = 0; i < predicted.length; i++) {
            predicted[i] = (float) Math.min(protocol.rulCap(), predicted[i]);
        }
        double mean = 0;
        for (float t : truth) {
            mean += t / (double) truth.length;
        }
        float[] constant = new float[truth.length];
        java.util.Arrays.fill(constant, (float) mean);
        ConformalInterval interval = protocol.interval();
        int inside = 0;
        double width = 0;
        if (interval != null) {
            for (int i = 0; i < predicted.length; i++) {
                double lo = interval.lower(predicted[i]);
                double hi = interval.upper(predicted[i]);
                inside += truth[i] >= lo && truth[i] <= hi ? 1 : 0;
                width += (hi - lo) / predicted.length;
            }
        }
        return new LifeEvaluation(
                lives.size(),
                windows.count(),
                RulMetrics.rmse(predicted, truth),
                RulMetrics.rmse(constant, truth),
                interval == null ? Double.NaN : inside / (double) predicted.length,
                interval == null ? Double.NaN : interval.level(),
                width);
    }
}

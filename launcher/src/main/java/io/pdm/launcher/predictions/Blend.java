package io.pdm.launcher.predictions;

import io.pdm.model.cmapss.RulEnsemble;
import io.pdm.model.data.cmapss.RulEvaluation;
import io.pdm.model.data.cmapss.ScoredWindows;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Per plant, the blend w · mean(A) + (1 − w) · mean(B) of two scenarios' predictions over K saved runs (e.g. the
 * federated members and the local-only members of the same runs), scored at each weight. Runs are assumed combinable
 * (same evaluation set and settings, checked by the caller); A and B must have scored the same windows.
 *
 * @param byPlant plant → weight → RMSE and PHM08 score of the blend, plants in the first run's order
 */
public record Blend(String a, String b, int k, Map<String, Map<Double, RulEvaluation>> byPlant) {

    /** The weights the sixth pass's rule chooses from, largest first. */
    public static final List<Double> WEIGHTS = List.of(1.0, 0.75, 0.5, 0.25, 0.0);

    /**
     * @param weights per plant, the weights to score it at; a plant absent here is left out, and one the runs do not
     *                hold for both scenarios is refused
     */
    public static Blend of(List<SavedRun> runs, String a, String b, Map<String, List<Double>> weights)
            throws IOException {
        Map<String, Map<Double, RulEvaluation>> byPlant = new LinkedHashMap<>();
        for (String plant : weights.keySet()) {
            ScoredWindows reference = null;
            List<float[]> as = new ArrayList<>();
            List<float[]> bs = new ArrayList<>();
            for (SavedRun run : runs) {
                for (String scenario : List.of(a, b)) {
                    SavedRun.Row row = row(run, scenario, plant)
                            .orElseThrow(() -> new IllegalArgumentException(
                                    run.dir() + " holds no " + scenario + " row for " + plant));
                    ScoredWindows w = run.windows(row);
                    if (reference == null) reference = w;
                    if (!Arrays.equals(w.units(), reference.units())
                            || !Arrays.equals(w.endCycles(), reference.endCycles())
                            || !Arrays.equals(w.truth(), reference.truth())) {
                        throw new IllegalArgumentException("cannot blend " + plant + ": " + run.dir() + " " + scenario
                                + " scored other windows or truths than "
                                + runs.get(0).dir() + " " + a);
                    }
                    (scenario.equals(a) ? as : bs).add(w.predicted());
                }
            }
            float[] meanA = new RulEnsemble(plant, as, reference.truth()).mean();
            float[] meanB = new RulEnsemble(plant, bs, reference.truth()).mean();
            Map<Double, RulEvaluation> atWeight = new LinkedHashMap<>();
            for (double w : weights.get(plant)) {
                if (!(w >= 0 && w <= 1)) throw new IllegalArgumentException("blend weight " + w + " not in [0, 1]");
                float[] blend = new float[meanA.length];
                for (int i = 0; i < blend.length; i++) blend[i] = (float) (w * meanA[i] + (1 - w) * meanB[i]);
                atWeight.put(w, new RulEnsemble(plant, List.of(blend), reference.truth()).evaluate());
            }
            byPlant.put(plant, atWeight);
        }
        return new Blend(a, b, runs.size(), byPlant);
    }

    /** Every plant scenario {@code a} has a row for in the first run, each at {@link #WEIGHTS}. */
    public static Map<String, List<Double>> everyPlant(SavedRun first, String a) {
        Map<String, List<Double>> weights = new LinkedHashMap<>();
        first.rows().stream().filter(r -> r.scenario().equals(a)).forEach(r -> weights.put(r.plant(), WEIGHTS));
        if (weights.isEmpty()) throw new IllegalArgumentException(first.dir() + " holds no " + a + " row");
        return weights;
    }

    /**
     * Per plant, the weight with the lowest RMSE as printed (two decimals); a tie there goes to the larger weight
     * (more federated), so a difference the table does not show never decides.
     */
    public Map<String, Double> best() {
        Map<String, Double> best = new LinkedHashMap<>();
        byPlant.forEach((plant, atWeight) -> {
            Double chosen = null;
            for (var e : atWeight.entrySet()) {
                if (chosen == null) {
                    chosen = e.getKey();
                    continue;
                }
                long rmse = printed(e.getValue().rmse());
                long bestRmse = printed(atWeight.get(chosen).rmse());
                if (rmse < bestRmse || (rmse == bestRmse && e.getKey() > chosen)) chosen = e.getKey();
            }
            best.put(plant, chosen);
        });
        return best;
    }

    /** An RMSE in hundredths, as the table prints it. */
    private static long printed(double rmse) {
        return Math.round(rmse * 100);
    }

    private static Optional<SavedRun.Row> row(SavedRun run, String scenario, String plant) {
        return run.rows().stream()
                .filter(r -> r.scenario().equals(scenario) && r.plant().equals(plant))
                .findFirst();
    }
}

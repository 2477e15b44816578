package io.pdm.model.cmapss;

import io.pdm.model.data.cmapss.RulEvaluation;
import io.pdm.model.data.cmapss.RulMetrics;
import java.util.List;

/**
 * Models trained with different seeds, combined by averaging their RUL predictions. Small models on the
 * few C-MAPSS trajectories disagree mostly in their noise, so the mean is steadier than any member.
 *
 * @param members each member's predictions (cycles) for the same windows, in the same order
 * @param truth   the targets of those windows
 */
public record RulEnsemble(String subset, List<float[]> members, float[] truth) {
    public RulEnsemble {
        if (members.isEmpty()) {
            throw new IllegalArgumentException("an ensemble needs at least one member");
        }
        for (float[] m : members) {
            if (m.length != truth.length) {
                throw new IllegalArgumentException(m.length + " predictions for " + truth.length + " targets");
            }
        }
        members = List.copyOf(members);
    }

    /** The element-wise mean of the members' predictions. */
    public float[] mean() {
        float[] mean = new float[truth.length];
        for (float[] m : members) {
            for (int i = 0; i < mean.length; i++) {
                mean[i] += m[i] / members.size();
            }
        }
        return mean;
    }

    public RulEvaluation evaluate() {
        return RulMetrics.evaluate(subset, mean(), truth);
    }

    public RulEvaluation member(int i) {
        return RulMetrics.evaluate(subset, members.get(i), truth);
    }
}

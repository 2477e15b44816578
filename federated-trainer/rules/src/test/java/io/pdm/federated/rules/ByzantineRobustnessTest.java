package io.pdm.federated.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Three honest plants and one that sends its update sign-flipped and scaled ×10. */
class ByzantineRobustnessTest {

    private static final int DIMENSION = 1_000;

    private final List<ClientUpdate> updates = new ArrayList<>();
    private final float[] honestMean = new float[DIMENSION];

    ByzantineRobustnessTest() {
        SplittableRandom random = new SplittableRandom(7);
        float[] base = new float[DIMENSION];
        for (int i = 0; i < DIMENSION; i++) {
            base[i] = (float) random.nextDouble(0.5, 1.5);
        }
        for (int plant = 0; plant < 4; plant++) {
            float[] delta = new float[DIMENSION];
            for (int i = 0; i < DIMENSION; i++) {
                delta[i] = base[i] + (float) (0.05 * random.nextGaussian());
            }
            if (plant == 3) {
                for (int i = 0; i < DIMENSION; i++) {
                    delta[i] *= -10f;
                }
            } else {
                for (int i = 0; i < DIMENSION; i++) {
                    honestMean[i] += delta[i] / 3f;
                }
            }
            updates.add(new ClientUpdate("plant-" + plant, delta, 100));
        }
    }

    private double relativeDistanceToHonestMean(AggregationRule rule) {
        float[] aggregate = rule.aggregate(updates).delta();
        double distance = 0;
        double norm = 0;
        for (int i = 0; i < DIMENSION; i++) {
            distance += Math.pow(aggregate[i] - honestMean[i], 2);
            norm += Math.pow(honestMean[i], 2);
        }
        return Math.sqrt(distance / norm);
    }

    @Test
    void robustRulesStayNearTheHonestMeanWhileFedAvgIsDragged() {
        assertThat(relativeDistanceToHonestMean(new FedAvg())).isGreaterThan(2.0);
        assertThat(relativeDistanceToHonestMean(new TrimmedMean(0.25))).isLessThan(0.1);
        assertThat(relativeDistanceToHonestMean(new CoordinateMedian())).isLessThan(0.1);
        assertThat(relativeDistanceToHonestMean(Krum.single(1))).isLessThan(0.1);
        assertThat(relativeDistanceToHonestMean(Krum.multi(1, 3))).isLessThan(0.01);
        assertThat(relativeDistanceToHonestMean(new FilteredMean())).isLessThan(0.01);
        // Norm bounding limits the flipped update to an honest norm but still lets it pull the mean back.
        assertThat(relativeDistanceToHonestMean(new NormBoundedMean())).isGreaterThan(0.4);
    }

    @Test
    void reportsSingleOutTheAttacker() {
        AggregationReport.KrumSelection krum = (AggregationReport.KrumSelection)
                Krum.multi(1, 3).aggregate(updates).report();
        AggregationReport.CoordinateTrim trim = (AggregationReport.CoordinateTrim)
                new TrimmedMean(0.25).aggregate(updates).report();

        assertThat(krum.rejectedPlants()).containsExactly("plant-3");
        assertThat(((AggregationReport.Filtered)
                                new FilteredMean().aggregate(updates).report())
                        .rejectedPlants())
                .containsExactly("plant-3");
        assertThat(trim.trimmedCoordinatesByPlant()).containsEntry("plant-3", (long) DIMENSION);
    }

    @Test
    void theFilteredMeanDropsAFlipAtHonestNormByDirection() {
        List<ClientUpdate> unscaled = new ArrayList<>(updates.subList(0, 3));
        float[] flipped = updates.get(3).deltaView().clone();
        for (int i = 0; i < DIMENSION; i++) {
            flipped[i] /= 10f;
        }
        unscaled.add(new ClientUpdate("plant-3", flipped, 100));

        AggregationReport.Filtered report = (AggregationReport.Filtered)
                new FilteredMean().aggregate(unscaled).report();

        assertThat(report.normRatioByPlant().get("plant-3")).isBetween(0.9, 1.1);
        assertThat(report.cosineByPlant().get("plant-3")).isNegative();
        assertThat(report.rejectedPlants()).containsExactly("plant-3");
    }
}

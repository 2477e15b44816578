package io.pdm.federated.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pdm.assets.lives.Life;
import io.pdm.assets.lives.LifeEnd;
import io.pdm.federated.SyntheticPumpLives;
import io.pdm.model.life.LifePretraining;
import io.pdm.model.life.ProtocolMismatchException;
import io.pdm.model.lora.LoraConfig;
import io.pdm.model.lora.PeftAdapter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real LoRA rounds on a small pump-like base, with a plant whose pumps wear differently from the base's fleet. */
class LifeLoraTrainingTest {

    private static final LocalWork WORK = new LocalWork(20, 32, 1e-2f, 3);

    @TempDir
    static Path work;

    static Path base;
    static List<Life> plantLives;
    static LifeLoraTraining plant;

    @BeforeAll
    static void plant() throws Exception {
        // The fleet wears late (quadratic); this plant's pumps wear linearly, so the base reads them too pessimistic.
        base = SyntheticPumpLives.base(work.resolve("base"), SyntheticPumpLives.lives("fleet", 30, 10, 2.0, 1));
        plantLives = new ArrayList<>(SyntheticPumpLives.lives("plant", 16, 6, 0.7, 2));
        plant = new LifeLoraTraining("p1", base, protocol -> List.copyOf(plantLives), WORK, 3);
    }

    @AfterAll
    static void close() {
        plant.close();
    }

    @Test
    void localRoundsOnThePlantsLivesLowerItsHeldOutErrorBelowTheBase() {
        PeftAdapter baseOnly = plant.freshAdapter(LoraConfig.of(4, 8, 0.0, base.toString()), 5);
        double before = plant.validationLoss(baseOnly);

        PeftAdapter adapted = baseOnly;
        for (int round = 1; round <= 3; round++) {
            adapted = plant.trainFrom(adapted, round);
        }
        double after = plant.validationLoss(adapted);

        assertThat(plant.hasHeldOut()).isTrue();
        assertThat(plant.windowCount()).isPositive();
        assertThat(after).isLessThan(before * 0.9);
    }

    @Test
    void livesAreReadAgainBeforeARoundAndLivesOfAnotherTypeAreRefused() {
        List<Life> growing = new ArrayList<>(SyntheticPumpLives.lives("grow", 2, 1, 0.7, 3));
        try (LifeLoraTraining training = new LifeLoraTraining("p2", base, protocol -> List.copyOf(growing), WORK, 1)) {
            int windows = training.windowCount();
            assertThat(training.hasHeldOut()).isFalse(); // one pump: nothing to hold out
            assertThatThrownBy(() -> training.validationLoss(training.freshAdapter(LoraConfig.of(2, 4, 0.0, "b"), 1)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("holds no lives out");

            growing.addAll(SyntheticPumpLives.lives("grow2", 6, 3, 0.7, 4));
            training.refresh();
            assertThat(training.lifeCount()).isEqualTo(8);
            assertThat(training.hasHeldOut()).isTrue();
            assertThat(training.windowCount()).isGreaterThan(windows);

            // Early on a plant has few ended lives: holding them out must not leave nothing to train on.
            List<Life> early = earlyLives(growing.get(0), "x", "y");
            if (!LifePretraining.holdOutAssets(early, 0.2, WORK.seed()).get(1).contains(early.get(0))) {
                early = earlyLives(growing.get(0), "y", "x"); // the seeded split holds out the other asset
            }
            assertThat(LifePretraining.holdOutAssets(early, 0.2, WORK.seed()).get(1))
                    .as("precondition: the only ended life is held out")
                    .contains(early.get(0));
            List<Life> fixed = early;
            try (LifeLoraTraining young = new LifeLoraTraining("p3", base, protocol -> fixed, WORK, 1)) {
                assertThat(young.windowCount()).isPositive();
                assertThat(young.hasHeldOut()).isFalse();
            }

            Life other = growing.get(0);
            growing.add(
                    new Life("x/1", "x", "gearbox", other.channels(), other.values(), other.ages(), other.end(), 0.0));
            assertThatThrownBy(training::refresh)
                    .isInstanceOf(ProtocolMismatchException.class)
                    .hasMessageContaining("gearbox");
        }
    }

    /** One ended life on {@code endedAsset} and a short running one beside it, two short running ones on another. */
    private static List<Life> earlyLives(Life ended, String endedAsset, String otherAsset) {
        List<Life> lives = new ArrayList<>();
        lives.add(onAsset(ended, endedAsset, ended.steps(), ended.end()));
        List<Life> young = SyntheticPumpLives.lives("young", 3, 3, 0.7, 5);
        lives.add(onAsset(young.get(0), endedAsset, 15, LifeEnd.CENSORED));
        lives.add(onAsset(young.get(1), otherAsset, 15, LifeEnd.CENSORED));
        lives.add(onAsset(young.get(2), otherAsset, 15, LifeEnd.CENSORED));
        return lives;
    }

    /** The first {@code steps} of a life on another asset: 15 steps (0.25 h) are far below the cap, no target. */
    private static Life onAsset(Life life, String asset, int steps, LifeEnd end) {
        return new Life(
                asset + "/" + life.lifeId(),
                asset,
                life.typeId(),
                life.channels(),
                Arrays.copyOf(life.values(), steps),
                Arrays.copyOf(life.ages(), steps),
                end,
                end == LifeEnd.FAILED ? 0.0 : null);
    }
}

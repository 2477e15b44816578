package io.pdm.federated.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pdm.assets.lives.Life;
import io.pdm.federated.SyntheticPumpLives;
import io.pdm.model.life.ProtocolMismatchException;
import io.pdm.model.lora.LoraConfig;
import io.pdm.model.lora.PeftAdapter;
import java.nio.file.Path;
import java.util.ArrayList;
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

            Life other = growing.get(0);
            growing.add(
                    new Life("x/1", "x", "gearbox", other.channels(), other.values(), other.ages(), other.end(), 0.0));
            assertThatThrownBy(training::refresh)
                    .isInstanceOf(ProtocolMismatchException.class)
                    .hasMessageContaining("gearbox");
        }
    }
}

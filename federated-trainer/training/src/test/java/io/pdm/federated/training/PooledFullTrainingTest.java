package io.pdm.federated.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.pdm.federated.TinyBaseModel;
import io.pdm.model.data.cmapss.RulEvaluation;
import io.pdm.model.lora.LoraConfig;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The central baselines learn from exactly the plants' windows and score exactly the plants' test engines: real DJL
 * training of a tiny model on the FD001 and FD003 plants' engines.
 */
class PooledFullTrainingTest {

    @TempDir
    static Path work;

    static List<CmapssLoraTraining> plants;

    @BeforeAll
    static void plants() throws Exception {
        Path base = TinyBaseModel.create(work.resolve("base"), List.of("FD001", "FD003"));
        LocalWork local = new LocalWork(2, 8, 1e-3f, 42);
        plants = List.of(
                CmapssLoraTraining.forPlant(base, TinyBaseModel.cmapssDir(), "FD001", local),
                CmapssLoraTraining.forPlant(base, TinyBaseModel.cmapssDir(), "FD003", new LocalWork(2, 8, 1e-3f, 43)));
    }

    @AfterAll
    static void close() {
        plants.forEach(CmapssLoraTraining::close);
    }

    @Test
    void recipesAreThoseOfPdmModelTrainAndFinetune() {
        // pdm model train: 25 epochs, ensemble of 5, lr 1e-3, batch 256; pdm model finetune (full): 15 epochs, 1e-3.
        assertThat(PooledFullTraining.Recipe.SCRATCH)
                .isEqualTo(new PooledFullTraining.Recipe(false, 25, 5, 1e-3f, 256));
        assertThat(PooledFullTraining.Recipe.FINE_TUNE)
                .isEqualTo(new PooledFullTraining.Recipe(true, 15, 1, 1e-3f, 256));
    }

    @Test
    void scratchEnsembleLearnsFromEveryPlantWindowAndScoresEachPlantsTestEngines() {
        PooledFullTraining.Outcome outcome =
                PooledFullTraining.run(plants, PooledFullTraining.Recipe.SCRATCH.withBudget(1, 2), 7);

        assertThat(outcome.windows())
                .as("the union of the windows the plants' LoRA rounds draw from, no subsample")
                .isEqualTo(plants.get(0).windowCount() + plants.get(1).windowCount());
        assertThat(outcome.bestEpochs()).hasSize(2).containsOnly(1);
        assertThat(outcome.byPlant())
                .extracting(RulEvaluation::count)
                .as("every NASA test engine of each plant's subset")
                .containsExactly(
                        plants.get(0).test().count(), plants.get(1).test().count());
        assertThat(plants.get(0).test().count()).isEqualTo(100);
    }

    @Test
    void fineTuningStartsFromTheBaseItself() {
        // At a vanishing learning rate the fine-tuned model is the base: its rows equal the base's evaluation with
        // an adapter that changes nothing, on the same test engines.
        PooledFullTraining.Recipe still = new PooledFullTraining.Recipe(true, 1, 1, 1e-12f, 256);

        PooledFullTraining.Outcome outcome = PooledFullTraining.run(plants, still, 7);

        for (int i = 0; i < plants.size(); i++) {
            CmapssLoraTraining plant = plants.get(i);
            RulEvaluation base = plant.evaluate(
                    plant.freshAdapter(LoraConfig.of(1, 2, 0.0, plant.baseDir().toString()), 1));
            assertThat(outcome.byPlant().get(i).rmse()).isCloseTo(base.rmse(), within(1e-2));
        }
    }
}

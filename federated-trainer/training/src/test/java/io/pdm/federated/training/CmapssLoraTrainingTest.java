package io.pdm.federated.training;

import static org.assertj.core.api.Assertions.assertThat;

import io.pdm.federated.TinyBaseModel;
import io.pdm.model.lora.LoraConfig;
import io.pdm.model.lora.PeftAdapter;
import io.pdm.model.tensor.TensorDict;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real LoRA fine-tuning rounds on a tiny base model and the FD001 engines. */
class CmapssLoraTrainingTest {

    private static final LocalWork WORK = new LocalWork(12, 16, 1e-2f, 3);

    @TempDir
    static Path work;

    static CmapssLoraTraining plant;
    static PeftAdapter start;

    @BeforeAll
    static void plant() throws Exception {
        Path base = TinyBaseModel.create(work.resolve("base"), List.of("FD001"));
        plant = CmapssLoraTraining.forPlant(base, TinyBaseModel.cmapssDir(), "FD001", WORK);
        start = plant.freshAdapter(LoraConfig.of(4, 8, 0.0, base.toString()), 5);
    }

    @AfterAll
    static void close() {
        plant.close();
    }

    @Test
    void proximalTermKeepsTheTrainedAdapterCloseToTheGlobalOne() {
        double free = deltaNorm(WORK);
        double mild = deltaNorm(WORK.withProximalMu(0.01f));
        double strong = deltaNorm(WORK.withProximalMu(1000f));

        assertThat(free).isPositive();
        assertThat(mild).isPositive().isLessThanOrEqualTo(free * 1.05); // small μ: a slight pull at most
        assertThat(strong).isLessThan(free / 4);
    }

    @Test
    void theProximalTermCanPullTowardsAnotherAdapterThanTheStart() {
        // Ditto's personal step: start from one adapter, be pulled towards another (the round's global adapter).
        TensorDict elsewhere = plant.trainRound(start, 2, WORK).adapter();
        double apart = elsewhere.minus(start.weights()).l2Norm();

        TensorDict pulled = plant.trainRound(start, elsewhere, 1, WORK.withProximalMu(1000f))
                .adapter();

        assertThat(apart).isPositive();
        assertThat(pulled.minus(elsewhere).l2Norm()).isLessThan(apart / 2);
    }

    private static double deltaNorm(LocalWork with) {
        TensorDict trained = plant.trainRound(start, 1, with).adapter();
        return trained.minus(start.weights()).l2Norm();
    }
}

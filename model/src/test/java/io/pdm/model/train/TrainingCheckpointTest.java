package io.pdm.model.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import io.pdm.model.nn.PdmTransformer;
import io.pdm.model.nn.TestModels;
import io.pdm.model.train.ModelTrainerTest.SyntheticWindows;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run killed after an epoch resumes from its checkpoint with its schedule, batch order and best epoch. */
class TrainingCheckpointTest {

    private static final Objective OBJECTIVE = new Objective(LossWeights.rulOnly());
    private final NDManager manager = NDManager.newBaseManager();
    private final SyntheticWindows data = SyntheticWindows.generate(128, 11);
    private final SyntheticWindows held = SyntheticWindows.generate(32, 12);
    private final ToDoubleFunction<PdmTransformer> validation = model -> ModelTrainerTest.validationLoss(model, held);

    @AfterEach
    void close() {
        manager.close();
    }

    private static TrainingOptions options(Path checkpoint) {
        return new TrainingOptions(4, 32, 3e-3f, 0.01f, 0.1, 0.1f, 1f, 0, 0f, 5, checkpoint);
    }

    @Test
    void aRunKilledAfterAnEpochResumesAtTheNextWithItsBestEpochAndSchedule(@TempDir Path dir) {
        List<TrainingMonitor.EpochReport> uninterrupted =
                train(options(null), 21, TrainingMonitor.SILENT).epochs();
        List<TrainingMonitor.EpochReport> beforeCrash = new ArrayList<>();
        TrainingMonitor crashing = new TrainingMonitor() {
            @Override
            public void onEpoch(EpochReport report) {
                beforeCrash.add(report);
                if (report.epoch() == 2) {
                    throw new IllegalStateException("killed");
                }
            }
        };
        assertThatThrownBy(() -> train(options(dir), 21, crashing)).hasMessage("killed");

        List<Integer> resumedEpochs = new ArrayList<>();
        ModelTrainer.Result resumed;
        // Another initialisation seed: the weights must come from the checkpoint, not from initialisation.
        try (PdmTransformer model = PdmTransformer.initialize(TestModels.sensorOnly(3, 2), manager, 99)) {
            resumed = ModelTrainer.train(model, data, OBJECTIVE, options(dir), validation, new TrainingMonitor() {
                @Override
                public void onEpoch(EpochReport report) {
                    resumedEpochs.add(report.epoch());
                }
            });
            assertThat(validation.applyAsDouble(model))
                    .as("the best epoch's weights are restored at the end")
                    .isCloseTo(resumed.bestScore(), within(1e-6));
        }

        assertThat(resumedEpochs).containsExactly(3, 4);
        assertThat(resumed.epochs())
                .extracting(TrainingMonitor.EpochReport::epoch)
                .containsExactly(1, 2, 3, 4);
        assertThat(resumed.epochs().subList(0, 2)).isEqualTo(beforeCrash);
        // Epochs 1-2 ran exactly as in an uninterrupted run; epochs 3-4 continue its learning-rate schedule.
        assertThat(beforeCrash.get(1).validationScore())
                .isEqualTo(uninterrupted.get(1).validationScore());
        for (int e = 2; e < 4; e++) {
            assertThat(resumed.epochs().get(e).learningRate())
                    .isEqualTo(uninterrupted.get(e).learningRate());
        }
        assertThat(resumed.epochs().get(3).trainLoss())
                .isLessThan(resumed.epochs().get(0).trainLoss());
        assertThat(resumed.bestScore())
                .isEqualTo(resumed.epochs().stream()
                        .mapToDouble(TrainingMonitor.EpochReport::validationScore)
                        .min()
                        .orElseThrow());
    }

    @Test
    void aCheckpointOfAnotherRunIsRefused(@TempDir Path dir) {
        train(options(dir).withEpochs(1), 21, TrainingMonitor.SILENT);

        assertThatThrownBy(() -> train(options(dir).withEpochs(1).withSeed(6), 21, TrainingMonitor.SILENT))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("belongs to another run");
    }

    private ModelTrainer.Result train(TrainingOptions options, long initSeed, TrainingMonitor monitor) {
        try (PdmTransformer model = PdmTransformer.initialize(TestModels.sensorOnly(3, 2), manager, initSeed)) {
            return ModelTrainer.train(model, data, OBJECTIVE, options, validation, monitor);
        }
    }
}

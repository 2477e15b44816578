package io.pdm.federated.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.pdm.model.cmapss.CmapssTraining;
import io.pdm.model.lora.PeftAdapter;
import io.pdm.model.nn.HostArrays;
import io.pdm.model.nn.PdmTransformer;
import io.pdm.model.tensor.TensorDict;
import io.pdm.model.train.ModelTrainer;
import io.pdm.model.train.Objective;
import io.pdm.model.train.StepGradients;
import io.pdm.model.train.TrainingExamples;
import io.pdm.model.train.TrainingMonitor;
import io.pdm.model.train.TrainingOptions;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.Map;

/** One round of LoRA local work on a loaded base, shared by the C-MAPSS and the any-asset-type trainings. */
final class LoraRounds {

    /** DJL's random seed is engine-wide: one training at a time keeps every round reproducible from its seed. */
    static final Object ENGINE = new Object();

    static final Objective OBJECTIVE = new Objective(CmapssTraining.DEFAULT_WEIGHTS);

    private LoraRounds() {}

    /**
     * Trains {@code start} for {@code epochs} passes over a seeded subsample of {@code steps × batch} windows, with
     * FedProx's proximal term towards {@code proximalReference} and DP-SGD as {@code with} says. With DP-SGD each
     * window is drawn at most once per round and the trainer's own gradient clipping is off: the per-example clipping
     * bounds the gradient, and re-clipping the noisy mean would only rescale the noise.
     */
    static LocalTraining.Result train(
            PdmTransformer model,
            NDManager manager,
            TrainingExamples examples,
            PeftAdapter start,
            TensorDict proximalReference,
            long round,
            LocalWork with,
            int epochs) {
        long seed = with.roundSeed(round);
        boolean dp = with.dpSgd() != null;
        RoundSubsample sample = dp
                ? RoundSubsample.withoutReplacement(examples, with.examplesPerRound(), seed)
                : new RoundSubsample(examples, with.examplesPerRound(), seed);
        TrainingOptions options = TrainingOptions.defaults()
                .withEpochs(epochs)
                .withBatchSize(with.batch())
                .withLearningRate(with.learningRate())
                .withPatience(0)
                .withSeed(seed);
        StepGradients gradients = dp ? new PerExampleDpSgd(with.dpSgd(), new SecureRandom()) : StepGradients.MEAN;
        synchronized (ENGINE) {
            model.attachLora(start);
            try (NDManager reference = manager.newSubManager()) {
                // The reference goes to the device only when a proximal term will read it.
                Map<String, NDArray> global = new HashMap<>();
                if (with.proximalMu() > 0) {
                    proximalReference
                            .asMap()
                            .forEach((name, tensor) -> global.put(name, HostArrays.toDevice(reference, tensor)));
                }
                ModelTrainer.train(
                        model,
                        sample,
                        OBJECTIVE,
                        dp ? options.withGradientClipNorm(0) : options,
                        null,
                        TrainingMonitor.SILENT,
                        new FedProx(with.proximalMu()).around(gradients, global));
            }
            return new LocalTraining.Result(model.lora().toPeft().weights(), (long) sample.size() * epochs);
        }
    }
}

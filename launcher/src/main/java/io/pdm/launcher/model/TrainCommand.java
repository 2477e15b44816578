package io.pdm.launcher.model;

import ai.djl.ndarray.NDManager;
import io.pdm.model.checkpoint.ModelCheckpoint;
import io.pdm.model.cmapss.CmapssData;
import io.pdm.model.cmapss.CmapssModels;
import io.pdm.model.cmapss.CmapssTraining;
import io.pdm.model.cmapss.FineTuning;
import io.pdm.model.cmapss.RulEnsemble;
import io.pdm.model.config.ModelConfig;
import io.pdm.model.data.cmapss.PublishedResults;
import io.pdm.model.nn.PdmTransformer;
import io.pdm.model.nn.TransformerShape;
import io.pdm.model.train.ConsoleProgress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code pdm model train}: models from scratch on all training engines of each subset (pooled training),
 * one per seed, evaluated alone and as an ensemble that averages their predictions.
 */
@Command(
        name = "train",
        mixinStandardHelpOptions = true,
        description = "Train from scratch on each subset's training engines and evaluate on its test set.")
final class TrainCommand implements Callable<Integer> {
    @Option(
            names = "--cmapss",
            required = true,
            description = "Directory with train_FD00N.txt, test_FD00N.txt, RUL_FD00N.txt.")
    Path cmapss;

    @Option(
            names = "--subset",
            split = ",",
            defaultValue = "FD001",
            description = "Subsets, comma-separated (default ${DEFAULT-VALUE}).")
    List<String> subsets;

    @Option(
            names = "--out",
            description = "Save each trained model to OUT/<subset> (OUT/<subset>/seed-<seed> for ensemble members).")
    Path out;

    @Option(
            names = "--predictions",
            description = "Write each subset's test predictions to PREDICTIONS/<subset>.csv: unit, true RUL (capped),"
                    + " each member's prediction and the ensemble's, so the printed RMSE can be checked.")
    Path predictions;

    @Option(
            names = "--ensemble",
            defaultValue = "5",
            description = "Models per subset, seeds SEED, SEED+1, …; each holds out"
                    + " its own validation engines, and their predictions are averaged (default ${DEFAULT-VALUE}).")
    int ensemble;

    @Option(
            names = "--noise",
            defaultValue = "0",
            description =
                    "Std of Gaussian noise added to the normalised training" + " inputs (default ${DEFAULT-VALUE}).")
    float noise;

    @Option(
            names = "--average",
            defaultValue = "0",
            description = "Decay per step of a moving average of the weights;"
                    + " validation scores and the run keeps the averaged weights, 0 = off (default ${DEFAULT-VALUE}).")
    float average;

    // On by default: it lowered the validation RMSE of FD001 and FD003 with both seeds tried (see
    // docs/results/model.md).
    @Option(
            names = "--cycle-channel",
            defaultValue = "true",
            fallbackValue = "true",
            arity = "0..1",
            description =
                    "Append the cycle number (engine age) as an input channel; --cycle-channel=false leaves it out"
                            + " (default ${DEFAULT-VALUE}).")
    boolean cycleChannel;

    /**
     * 25 epochs rather than 15: with the cycle channel the members' mean validation RMSE (seeds 42–46) was lower
     * on both FD001 and FD003 (see docs/results/model.md).
     */
    static final int EPOCHS = 25;

    @Mixin
    TrainingArgs training = new TrainingArgs(EPOCHS);

    @Mixin
    SizeArgs size;

    @Override
    public Integer call() throws Exception {
        if (ensemble < 1) {
            throw new IllegalArgumentException("--ensemble must be at least 1");
        }
        if (training.window % size.patch != 0) {
            throw new IllegalArgumentException(
                    "--window " + training.window + " is not a multiple of --patch " + size.patch);
        }
        for (String subset : subsets) {
            List<float[]> members = new ArrayList<>();
            float[] truth = null;
            int[] units = null;
            long start = System.nanoTime();
            for (int i = 0; i < ensemble; i++) {
                long seed = training.seed + i;
                Member member = trainOne(
                        subset,
                        seed,
                        out == null
                                ? null
                                : ensemble == 1
                                        ? out.resolve(subset)
                                        : out.resolve(subset).resolve("seed-" + seed));
                members.add(member.predictions());
                truth = member.truth();
                units = member.units();
            }
            RulEnsemble result = new RulEnsemble(subset, members, truth);
            if (predictions != null) {
                TestPredictions.write(predictions.resolve(subset + ".csv"), units, result);
            }
            if (ensemble > 1) {
                System.out.printf(
                        Locale.ROOT,
                        "%nensemble of %d (seeds %d–%d) %s: test RMSE %.2f, PHM08 score %.1f; members %s; %ds%n",
                        ensemble,
                        training.seed,
                        training.seed + ensemble - 1,
                        subset,
                        result.evaluate().rmse(),
                        result.evaluate().score(),
                        memberRmse(result),
                        (System.nanoTime() - start) / 1_000_000_000L);
                System.out.println(PublishedResults.table(subset, result.evaluate()));
            }
        }
        return 0;
    }

    /** One model's test predictions and the test targets (the same engines for every seed). */
    private record Member(float[] predictions, float[] truth, int[] units) {}

    private static String memberRmse(RulEnsemble ensemble) {
        List<String> rmse = new ArrayList<>();
        for (int i = 0; i < ensemble.members().size(); i++) {
            rmse.add(String.format(Locale.ROOT, "%.2f", ensemble.member(i).rmse()));
        }
        return String.join(" / ", rmse);
    }

    private Member trainOne(String subset, long seed, Path saveTo) throws Exception {
        CmapssData data = CmapssData.prepare(
                cmapss, subset, training.protocol().withCycleChannel(cycleChannel), CmapssData.Selection.all(seed));
        ModelConfig config = CmapssModels.config(
                size.size(),
                data.preprocessor().channels(),
                data.preprocessor().options().rulCap());
        try (NDManager manager = NDManager.newBaseManager();
                PdmTransformer model = PdmTransformer.initialize(TransformerShape.of(config), manager, seed)) {
            CmapssTraining.Outcome outcome = CmapssTraining.run(
                    model,
                    data,
                    training.options(TrainingArgs.DEFAULT_LEARNING_RATE, subset, "seed-" + seed)
                            .withSeed(seed)
                            .withAverageDecay(average),
                    CmapssTraining.DEFAULT_WEIGHTS,
                    noise,
                    ConsoleProgress.onStdout(subset + " seed " + seed));
            Reports.print("pooled training, seed " + seed, outcome);
            if (saveTo != null) {
                ModelCheckpoint.save(model, config, saveTo);
                FineTuning.writePreprocessor(outcome.preprocessor(), saveTo);
            }
            return new Member(
                    outcome.testPredictions(),
                    data.test().rulTargets(),
                    data.test().units());
        }
    }
}

package io.pdm.federated.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import io.pdm.federated.TinyBaseModel;
import io.pdm.federated.dp.GaussianDeltaMechanism;
import io.pdm.model.checkpoint.ModelCheckpoint;
import io.pdm.model.cmapss.CmapssTraining;
import io.pdm.model.lora.LoraConfig;
import io.pdm.model.nn.PdmTransformer;
import io.pdm.model.train.Batch;
import io.pdm.model.train.Objective;
import io.pdm.model.train.StepGradients;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DP-SGD's gradient on a real (tiny) transformer with a LoRA adapter: each window's influence is bounded. */
class PerExampleDpSgdTest {

    private static final double CLIP = 0.05;
    private static final Objective OBJECTIVE = new Objective(CmapssTraining.DEFAULT_WEIGHTS);

    @TempDir
    static Path work;

    static NDManager manager;
    static PdmTransformer model;
    static Map<String, NDArray> parameters;

    @BeforeAll
    static void model() throws Exception {
        manager = NDManager.newBaseManager();
        model = ModelCheckpoint.load(TinyBaseModel.create(work.resolve("base"), List.of("FD001")), manager);
        model.attachLora(LoraConfig.of(4, 8, 0.0, "tiny"), 3);
        parameters = model.trainableParameters();
        parameters.values().forEach(p -> p.setRequiresGradient(true));
    }

    @AfterAll
    static void close() {
        model.close();
        manager.close();
    }

    @Test
    void aWindowWithAHugeGradientMovesTheStepByAtMostTheClipNorm() {
        Batch one = windows(1, 50f);

        double unclipped = norm(gradient(StepGradients.MEAN, one));
        double clipped =
                norm(gradient(new PerExampleDpSgd(new LocalWork.DpSgd(CLIP, 0), new SplittableRandom(1)), one));

        assertThat(unclipped).isGreaterThan(10 * CLIP);
        assertThat(clipped).isCloseTo(CLIP, within(CLIP * 1e-3));
    }

    @Test
    void addingOneWindowChangesTheSummedGradientByAtMostTheClipNorm() {
        int batch = 8;
        Batch all = windows(batch, 50f);
        Batch withoutLast = PerExampleDpSgd.row(all, 0);
        for (int i = 1; i < batch - 1; i++) {
            withoutLast = concat(withoutLast, PerExampleDpSgd.row(all, i));
        }
        PerExampleDpSgd dp = new PerExampleDpSgd(new LocalWork.DpSgd(CLIP, 0), new SplittableRandom(1));

        float[] sumAll = scaled(gradient(dp, all), batch);
        float[] sumWithout = scaled(gradient(dp, withoutLast), batch - 1);
        float[] difference = new float[sumAll.length];
        for (int i = 0; i < difference.length; i++) {
            difference[i] = sumAll[i] - sumWithout[i];
        }

        assertThat(norm(difference)).isPositive().isLessThanOrEqualTo(CLIP * (1 + 1e-3));
        assertThat(norm(sumAll)).isLessThanOrEqualTo(batch * CLIP * (1 + 1e-3));
    }

    @Test
    void withoutClippingOrNoiseItIsTheMiniBatchGradient() {
        Batch all = windows(6, 1f);

        float[] mean = gradient(StepGradients.MEAN, all);
        float[] perExample = gradient(new PerExampleDpSgd(new LocalWork.DpSgd(1e9, 0), new SplittableRandom(1)), all);

        assertThat(norm(mean)).isPositive();
        double squares = 0;
        for (int i = 0; i < mean.length; i++) {
            squares += Math.pow(perExample[i] - mean[i], 2);
        }
        assertThat(Math.sqrt(squares)).isLessThan(1e-5 * norm(mean));
    }

    @Test
    void noiseHasStandardDeviationSigmaTimesClipOverBatch() {
        int batch = 4;
        double sigma = 2.0;
        Batch all = windows(batch, 1f);
        float[] clean = gradient(new PerExampleDpSgd(new LocalWork.DpSgd(CLIP, 0), new SplittableRandom(1)), all);
        float[] noisy = gradient(new PerExampleDpSgd(new LocalWork.DpSgd(CLIP, sigma), new SplittableRandom(1)), all);

        double squares = 0;
        for (int i = 0; i < clean.length; i++) {
            squares += Math.pow(noisy[i] - clean[i], 2);
        }
        assertThat(Math.sqrt(squares / clean.length))
                .isCloseTo(sigma * CLIP / batch, within(0.1 * sigma * CLIP / batch));
    }

    /** Windows with random sensors and RUL targets {@code rulScale} times the model's scale, for large gradients. */
    private static Batch windows(int count, float rulScale) {
        SplittableRandom random = new SplittableRandom(count);
        int length = 30;
        int channels = 14;
        float[] x = new float[count * length * channels];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextDouble(-2, 2);
        }
        float[] rul = new float[count];
        long[] stage = new long[count];
        for (int i = 0; i < count; i++) {
            rul[i] = rulScale * (float) random.nextDouble();
            stage[i] = random.nextInt(3);
        }
        return Batch.windows(
                manager.create(x, new Shape(count, length, channels)), manager.create(rul), manager.create(stage));
    }

    private static Batch concat(Batch a, Batch b) {
        return Batch.windows(
                a.sensors().concat(b.sensors()),
                a.rulTargets().concat(b.rulTargets()),
                a.classTargets().concat(b.classTargets()));
    }

    /** The step's gradient over all trainable tensors, flattened in name order; gradients are zeroed afterwards. */
    private static float[] gradient(StepGradients gradients, Batch batch) {
        gradients.compute(model, batch, OBJECTIVE, parameters);
        int total = parameters.values().stream()
                .mapToInt(p -> Math.toIntExact(p.size()))
                .sum();
        float[] flat = new float[total];
        int offset = 0;
        for (NDArray p : parameters.values()) {
            try (NDArray g = p.getGradient()) {
                float[] values = g.toFloatArray();
                System.arraycopy(values, 0, flat, offset, values.length);
                offset += values.length;
                g.set(new NDIndex("..."), 0f);
            }
        }
        return flat;
    }

    private static float[] scaled(float[] values, float factor) {
        float[] out = values.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] *= factor;
        }
        return out;
    }

    private static double norm(float[] values) {
        return GaussianDeltaMechanism.l2Norm(values);
    }
}

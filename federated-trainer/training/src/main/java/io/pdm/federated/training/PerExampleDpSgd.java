package io.pdm.federated.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import io.pdm.model.nn.PdmTransformer;
import io.pdm.model.train.Batch;
import io.pdm.model.train.Objective;
import io.pdm.model.train.StepGradients;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * DP-SGD's gradient (Abadi et al. 2016): every window's gradient is clipped to L2 norm C on its own, the clipped
 * gradients are summed, Gaussian noise N(0, (σC)²) is added to every coordinate, and the sum is divided by the
 * batch size. One window then moves the step by at most C/B before the noise, whatever its loss.
 *
 * <p>Per-example gradients come from micro-batches of one window, one backward pass each: B times the cost of a
 * batched step, affordable for this small model and simpler than per-sample gradient hooks. Noise comes from the
 * caller's generator (a {@link java.security.SecureRandom} in practice: noise an observer can replay protects
 * nothing).
 */
public final class PerExampleDpSgd implements StepGradients {

    private static final NDIndex ALL = new NDIndex("...");

    private final LocalWork.DpSgd settings;
    private final RandomGenerator noise;

    public PerExampleDpSgd(LocalWork.DpSgd settings, RandomGenerator noise) {
        this.settings = settings;
        this.noise = noise;
    }

    @Override
    public double compute(PdmTransformer model, Batch batch, Objective objective, Map<String, NDArray> parameters) {
        if (batch.tokens() != null && !batch.textFollowsWindow()) {
            throw new IllegalArgumentException(
                    "DP-SGD needs one row per example; an independent text batch has no such rows");
        }
        int rows = (int) (batch.sensors() != null ? batch.sensors() : batch.tokens())
                .getShape()
                .get(0);
        Map<String, NDArray> sum = new LinkedHashMap<>();
        parameters.forEach((name, p) -> sum.put(name, p.zerosLike()));
        double lossSum = 0;
        for (int i = 0; i < rows; i++) {
            lossSum += addClipped(model, row(batch, i), objective, parameters, sum);
        }
        NDManager manager = model.manager();
        for (Map.Entry<String, NDArray> e : parameters.entrySet()) {
            NDArray noisy =
                    sum.get(e.getKey()).addi(gaussian(manager, e.getValue())).divi(rows);
            try (NDArray gradient = e.getValue().getGradient()) {
                gradient.set(ALL, noisy);
            }
        }
        return lossSum / rows;
    }

    /** One window's gradient, scaled to norm ≤ C and added to {@code sum}; returns its loss. */
    private double addClipped(
            PdmTransformer model,
            Batch one,
            Objective objective,
            Map<String, NDArray> parameters,
            Map<String, NDArray> sum) {
        try (NDScope scope = new NDScope()) {
            double loss = StepGradients.MEAN.compute(model, one, objective, parameters);
            double squared = 0;
            for (NDArray p : parameters.values()) {
                squared += p.getGradient().square().sum().getFloat();
            }
            double norm = Math.sqrt(squared);
            // A non-finite gradient contributes nothing rather than poisoning the sum; the bound still holds.
            float factor =
                    !Double.isFinite(norm) ? 0f : (float) Math.min(1.0, settings.clipNorm() / Math.max(norm, 1e-12));
            for (Map.Entry<String, NDArray> e : parameters.entrySet()) {
                try (NDArray gradient = e.getValue().getGradient()) {
                    if (factor > 0) {
                        sum.get(e.getKey()).addi(gradient.mul(factor));
                    }
                    gradient.set(ALL, 0f); // the next window's backward pass must start from zero
                }
            }
            return Double.isFinite(loss) ? loss : 0;
        }
    }

    private NDArray gaussian(NDManager manager, NDArray like) {
        float[] values = new float[Math.toIntExact(like.size())];
        double std = settings.noiseMultiplier() * settings.clipNorm();
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (std * noise.nextGaussian());
        }
        return manager.create(values, like.getShape());
    }

    /** Row {@code i} of every part of the batch, keeping the leading axis (size 1). */
    static Batch row(Batch batch, int i) {
        NDIndex index = new NDIndex("{}:{}", i, i + 1);
        return new Batch(
                slice(batch.sensors(), index),
                slice(batch.rulTargets(), index),
                slice(batch.classTargets(), index),
                slice(batch.tokens(), index),
                slice(batch.tokenTargets(), index),
                slice(batch.tokenMask(), index),
                batch.textFollowsWindow());
    }

    private static NDArray slice(NDArray array, NDIndex index) {
        return array == null ? null : array.get(index);
    }
}

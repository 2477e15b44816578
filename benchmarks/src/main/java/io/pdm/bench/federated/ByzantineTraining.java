package io.pdm.bench.federated;

import io.pdm.federated.protocol.RoundAnnouncement;
import io.pdm.federated.training.LocalTraining;
import io.pdm.model.tensor.TensorDict;
import java.util.SplittableRandom;

/** A plant that trains honestly but uploads a corrupted delta (the platform's client code is otherwise unchanged). */
record ByzantineTraining(LocalTraining honest, Attack attack, long seed) implements LocalTraining {

    enum Attack {
        /** −10 × the honest delta. */
        SIGN_FLIP,
        /** −1 × the honest delta: a flip at an honest norm, which no norm test catches. */
        SIGN_FLIP_UNSCALED,
        /** Gaussian noise, per coordinate σ = 10 × the honest delta's RMS, instead of the delta. */
        NOISE
    }

    @Override
    public Result train(TensorDict globalAdapter, RoundAnnouncement round) {
        Result trained = honest.train(globalAdapter, round);
        TensorDict honestDelta = trained.adapter().minus(globalAdapter);
        float[] delta = honestDelta.flatten();
        float[] corrupted = switch (attack) {
            case SIGN_FLIP -> scaled(delta, -10f);
            case SIGN_FLIP_UNSCALED -> scaled(delta, -1f);
            case NOISE ->
                noise(
                        delta.length,
                        10 * honestDelta.l2Norm() / Math.sqrt(delta.length),
                        new SplittableRandom(seed + round.round()));
        };
        return new Result(globalAdapter.plus(globalAdapter.unflatten(corrupted)), trained.exampleCount());
    }

    private static float[] scaled(float[] values, float factor) {
        float[] out = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i] * factor;
        }
        return out;
    }

    private static float[] noise(int length, double sigma, SplittableRandom random) {
        float[] out = new float[length];
        for (int i = 0; i < length; i++) {
            out[i] = (float) (sigma * random.nextGaussian());
        }
        return out;
    }
}

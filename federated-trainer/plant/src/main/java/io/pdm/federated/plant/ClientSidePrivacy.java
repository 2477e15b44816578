package io.pdm.federated.plant;

import io.pdm.federated.dp.GaussianDeltaMechanism;
import io.pdm.federated.dp.SampledGaussianRound;
import io.pdm.federated.protocol.PlantPrivacy;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Plant-side differential privacy: what protects the plant's data before its delta leaves, what a round costs
 * against the plant's (targetEpsilon, delta) budget, and what the plant reports about it in its upload.
 */
public sealed interface ClientSidePrivacy {

    double targetEpsilon();

    double delta();

    /** One round's cost for the RDP accountant. */
    SampledGaussianRound roundCost();

    /** The delta as it leaves the plant, clipped to at most {@code roundBound} as the aggregator requires. */
    float[] protect(float[] delta, double roundBound, RandomGenerator random);

    double clipNorm();

    double noiseMultiplier();

    /** What the protected unit is: {@link PlantPrivacy#DELTA} or {@link PlantPrivacy#EXAMPLE}. */
    String unit();

    /**
     * Plant-level DP (DP-FedAvg, McMahan et al. 2018): every delta is clipped and noised by {@code mechanism}; each
     * round is one sampled Gaussian step with rate {@code samplingRate} (the chance this plant takes part in a
     * round; 1 when it always does). Protects the plant's whole contribution, and needs many plants to be useful.
     */
    record DeltaNoise(GaussianDeltaMechanism mechanism, double targetEpsilon, double delta, double samplingRate)
            implements ClientSidePrivacy {

        public DeltaNoise {
            Objects.requireNonNull(mechanism, "mechanism");
            new SampledGaussianRound(samplingRate, mechanism.noiseMultiplier(), 1); // validates: accounting needs noise
        }

        @Override
        public SampledGaussianRound roundCost() {
            return new SampledGaussianRound(samplingRate, mechanism.noiseMultiplier(), 1);
        }

        @Override
        public float[] protect(float[] delta, double roundBound, RandomGenerator random) {
            return mechanism.privatize(delta, random);
        }

        @Override
        public double clipNorm() {
            return mechanism.clipNorm();
        }

        @Override
        public double noiseMultiplier() {
            return mechanism.noiseMultiplier();
        }

        @Override
        public String unit() {
            return PlantPrivacy.DELTA;
        }
    }

    /**
     * Record-level DP-SGD inside local training (Abadi et al. 2016): the trainer clips every window's gradient to
     * {@code clipNorm} and adds Gaussian noise σ·clipNorm to each batch's sum; the delta is post-processing and
     * leaves without more noise. A round is {@code stepsPerRound} sampled Gaussian steps at rate
     * {@code samplingRate} = batch / the plant's training windows. Protects one training window.
     */
    record DpSgd(
            double clipNorm,
            double noiseMultiplier,
            double samplingRate,
            int stepsPerRound,
            double targetEpsilon,
            double delta)
            implements ClientSidePrivacy {

        public DpSgd {
            new SampledGaussianRound(samplingRate, noiseMultiplier, stepsPerRound); // validates
            if (!(clipNorm > 0)) {
                throw new IllegalArgumentException("clip norm must be positive, was " + clipNorm);
            }
        }

        @Override
        public SampledGaussianRound roundCost() {
            return new SampledGaussianRound(samplingRate, noiseMultiplier, stepsPerRound);
        }

        @Override
        public float[] protect(float[] delta, double roundBound, RandomGenerator random) {
            return new GaussianDeltaMechanism(roundBound, 0).clip(delta);
        }

        @Override
        public String unit() {
            return PlantPrivacy.EXAMPLE;
        }
    }
}

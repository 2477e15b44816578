package io.pdm.federated.plant;

import io.pdm.federated.dp.GaussianDeltaMechanism;
import io.pdm.federated.dp.SampledGaussianRound;
import java.util.Objects;

/**
 * Plant-side differential privacy: every delta is clipped and noised by {@code mechanism}, and each round is
 * charged to a budget of (targetEpsilon, delta) as one sampled Gaussian step with rate {@code samplingRate}
 * (the chance this plant takes part in a round; 1 when it always does).
 */
public record ClientSidePrivacy(GaussianDeltaMechanism mechanism, double targetEpsilon, double delta, double samplingRate) {

    public ClientSidePrivacy {
        Objects.requireNonNull(mechanism, "mechanism");
        roundCost(mechanism, samplingRate); // validates: accounting needs noise
    }

    public SampledGaussianRound roundCost() {
        return roundCost(mechanism, samplingRate);
    }

    private static SampledGaussianRound roundCost(GaussianDeltaMechanism mechanism, double samplingRate) {
        return new SampledGaussianRound(samplingRate, mechanism.noiseMultiplier(), 1);
    }
}

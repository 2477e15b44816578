package io.pdm.federated.rules;

import io.pdm.federated.dp.GaussianDeltaMechanism;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * FLTrust (Cao et al., NDSS 2021, "FLTrust: Byzantine-robust Federated Learning via Trust Bootstrapping"): the
 * aggregator trains the current global adapter on a small dataset it trusts (here the OEM's public engines, the
 * ones the base model was pretrained on) and uses that update as the reference. Each plant's trust score is its
 * cosine with the reference, with negative values set to 0; every update is rescaled to the reference's norm, and
 * the result is the trust-weighted mean. A plant pointing away from the reference counts for nothing, whatever its
 * norm, so a sign-flipped update is dropped even when it has an honest size; an outsized update cannot pull further
 * than the reference's own step.
 *
 * <p>Unlike {@link FilteredMean}, which compares plants with each other, this needs the aggregator's reference
 * ({@link #needsReference()}); the reference update is what makes it work when honest plants disagree.
 */
public record FlTrust() implements AggregationRule {

    @Override
    public boolean needsReference() {
        return true;
    }

    @Override
    public AggregationResult aggregate(List<ClientUpdate> updates) {
        throw new IllegalStateException(
                "FLTrust needs the aggregator's reference update; configure its trusted (root) data");
    }

    @Override
    public AggregationResult aggregate(List<ClientUpdate> updates, float[] reference) {
        UpdateValidation.requireConsistent(updates);
        if (reference == null || reference.length != updates.get(0).dimension()) {
            throw new IllegalArgumentException("FLTrust needs a reference update of dimension "
                    + updates.get(0).dimension());
        }
        double referenceNorm = GaussianDeltaMechanism.l2Norm(reference);
        double[] sum = new double[reference.length];
        double totalTrust = 0;
        Map<String, Double> trust = new LinkedHashMap<>();
        List<String> rejected = new ArrayList<>();
        for (ClientUpdate update : updates) {
            float[] delta = update.deltaView();
            double score = Math.max(0, FilteredMean.cosine(delta, reference));
            trust.put(update.plant(), score);
            if (score == 0) {
                rejected.add(update.plant());
                continue;
            }
            double factor = score
                    * referenceNorm
                    / GaussianDeltaMechanism.l2Norm(delta); // a positive cosine means a non-zero norm
            for (int i = 0; i < delta.length; i++) {
                sum[i] += factor * delta[i];
            }
            totalTrust += score;
        }
        float[] result = new float[reference.length];
        if (totalTrust > 0) { // no trusted plant: no step this round, as in the paper
            for (int i = 0; i < result.length; i++) {
                result[i] = (float) (sum[i] / totalTrust);
            }
        }
        return new AggregationResult(result, new AggregationReport.Trusted(trust, rejected, referenceNorm));
    }
}

package io.pdm.model.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import io.pdm.model.nn.ModelOutput;
import io.pdm.model.nn.PdmTransformer;

/** The training loss: weighted RUL mean squared error, class cross-entropy and masked next-token cross-entropy. */
public final class Objective {
    private final LossWeights weights;

    public Objective(LossWeights weights) {
        this.weights = weights;
    }

    public LossWeights weights() {
        return weights;
    }

    /** Runs the forward pass(es) the batch needs and returns the weighted total loss. */
    public NDArray loss(PdmTransformer model, Batch batch, boolean training) {
        if (batch.sensors() != null && batch.tokens() != null && !batch.textFollowsWindow()) {
            ModelOutput windows = model.forward(batch.sensors(), null, null, training);
            ModelOutput text = model.forward(null, batch.tokens(), null, training);
            return loss(new ModelOutput(windows.rul(), windows.classLogits(), text.tokenLogits()), batch);
        }
        return loss(model.forward(batch.sensors(), batch.tokens(), null, training), batch);
    }

    public NDArray loss(ModelOutput out, Batch batch) {
        NDArray total = null;
        if (weights.rul() > 0 && batch.rulTargets() != null) {
            total = add(total, out.rul().sub(batch.rulTargets()).square().mean().mul((float) weights.rul()));
        }
        if (weights.classification() > 0 && batch.classTargets() != null) {
            NDArray nll = pick(out.classLogits().logSoftmax(-1), batch.classTargets())
                    .neg()
                    .mean();
            total = add(total, nll.mul((float) weights.classification()));
        }
        if (weights.text() > 0 && batch.tokenTargets() != null) {
            total = add(
                    total,
                    tokenCrossEntropy(out.tokenLogits(), batch.tokenTargets(), batch.tokenMask())
                            .mul((float) weights.text()));
        }
        if (total == null) {
            throw new IllegalArgumentException("the batch has no target for any weighted objective");
        }
        return total;
    }

    /** Mean negative log-likelihood of the targets over positions where the mask is 1. */
    public static NDArray tokenCrossEntropy(NDArray logits, NDArray targets, NDArray mask) {
        NDArray nll = pick(logits.logSoftmax(-1), targets).neg();
        return nll.mul(mask).sum().div(mask.sum().maximum(1f));
    }

    /** logProbs[..., target] along the last axis. */
    static NDArray pick(NDArray logProbs, NDArray targets) {
        int last = logProbs.getShape().dimension() - 1;
        return logProbs.gather(targets.toType(DataType.INT64, false).expandDims(last), last)
                .squeeze(last);
    }

    private static NDArray add(NDArray total, NDArray term) {
        return total == null ? term : total.add(term);
    }
}

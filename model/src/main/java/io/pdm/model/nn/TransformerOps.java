package io.pdm.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;

/** The Llama building blocks as functions of arrays, so tests can check each against a reference. */
public final class TransformerOps {
    private TransformerOps() {}

    /** y = x W^T (+ b), Hugging Face's weight layout (out × in). */
    public static NDArray linear(NDArray x, NDArray weight, NDArray bias) {
        NDList out = bias == null ? Linear.linear(x, weight) : Linear.linear(x, weight, bias);
        return out.singletonOrThrow();
    }

    /** RMSNorm: x / sqrt(mean(x²) + eps) · w over the last axis. */
    public static NDArray rmsNorm(NDArray x, NDArray weight, float eps) {
        NDArray inverseRms = x.square().mean(new int[] {-1}, true).add(eps).pow(-0.5f);
        return x.mul(inverseRms).mul(weight);
    }

    /** SwiGLU MLP: down(silu(gate(x)) · up(x)). */
    public static NDArray swiGlu(NDArray gate, NDArray up) {
        return gate.mul(Activation.sigmoid(gate)).mul(up);
    }

    /** Hugging Face's rotate_half: (x1, x2) → (−x2, x1) over the last axis. */
    public static NDArray rotateHalf(NDArray x) {
        int last = x.getShape().dimension() - 1;
        NDList halves = x.split(2, last);
        return NDArrays.concat(new NDList(halves.get(1).neg(), halves.get(0)), last);
    }

    /**
     * Scaled dot-product attention with a causal mask. q: (B, H, S, D); k, v: (B, H, P+S, D) where P
     * earlier positions come from a cache; query i may see keys up to P+i.
     */
    public static NDArray causalAttention(NDArray q, NDArray k, NDArray v) {
        long queries = q.getShape().get(2);
        long keys = k.getShape().get(2);
        float scale = (float) (1.0 / Math.sqrt(q.getShape().get(3)));
        NDArray scores = q.matMul(k.transpose(0, 1, 3, 2)).mul(scale);
        if (queries > 1) {
            scores = scores.add(causalMask(q.getManager(), queries, keys));
        }
        return scores.softmax(-1).matMul(v);
    }

    /** Additive mask (S × (P+S)): 0 where a query may attend, a large negative number elsewhere. */
    static NDArray causalMask(NDManager manager, long queries, long keys) {
        long past = keys - queries;
        float[] mask = new float[Math.toIntExact(queries * keys)];
        for (long i = 0; i < queries; i++) {
            for (long j = past + i + 1; j < keys; j++) {
                mask[(int) (i * keys + j)] = -1e9f;
            }
        }
        return manager.create(mask, new Shape(queries, keys));
    }

    /**
     * Grouped-query attention: each of the kvHeads key/value heads serves {@code groups} consecutive
     * query heads (Hugging Face's repeat_kv).
     */
    public static NDArray repeatKv(NDArray kv, int groups) {
        if (groups == 1) {
            return kv;
        }
        Shape s = kv.getShape();
        return kv.expandDims(2).repeat(2, groups).reshape(s.get(0), s.get(1) * groups, s.get(2), s.get(3));
    }
}

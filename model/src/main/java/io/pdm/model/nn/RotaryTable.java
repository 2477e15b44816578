package io.pdm.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;

/**
 * Rotary position embedding tables in Hugging Face's (non-interleaved) layout: frequency j of
 * dimension pair (j, j + D/2) is θ^(−2j/D).
 */
public final class RotaryTable implements AutoCloseable {
    private final NDArray cos;
    private final NDArray sin;

    public RotaryTable(NDManager manager, int headDim, int maxPositions, float theta) {
        int half = headDim / 2;
        float[] c = new float[maxPositions * headDim];
        float[] s = new float[maxPositions * headDim];
        for (int p = 0; p < maxPositions; p++) {
            for (int j = 0; j < half; j++) {
                double angle = p * Math.pow(theta, -2.0 * j / headDim);
                float cj = (float) Math.cos(angle);
                float sj = (float) Math.sin(angle);
                c[p * headDim + j] = cj;
                c[p * headDim + j + half] = cj;
                s[p * headDim + j] = sj;
                s[p * headDim + j + half] = sj;
            }
        }
        this.cos = manager.create(c, new Shape(maxPositions, headDim));
        this.sin = manager.create(s, new Shape(maxPositions, headDim));
    }

    public long maxPositions() {
        return cos.getShape().get(0);
    }

    /** Rotates x (B, H, S, D) whose first position is {@code offset}. */
    public NDArray apply(NDArray x, long offset) {
        long length = x.getShape().get(2);
        if (offset + length > maxPositions()) {
            throw new IllegalArgumentException("sequence of " + (offset + length)
                    + " positions exceeds max_position_embeddings " + maxPositions());
        }
        NDIndex rows = new NDIndex("{}:{}", offset, offset + length);
        return x.mul(cos.get(rows)).add(TransformerOps.rotateHalf(x).mul(sin.get(rows)));
    }

    @Override
    public void close() {
        cos.close();
        sin.close();
    }
}

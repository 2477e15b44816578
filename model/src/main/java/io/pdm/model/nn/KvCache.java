package io.pdm.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;

/**
 * Keys and values of earlier positions per layer, so generation computes each new token's attention
 * without recomputing the prefix. Call {@link #keepAlive()} after each step so the arrays outlive that step's scope, and close the cache when done.
 */
public final class KvCache implements AutoCloseable {
    private final NDArray[] keys;
    private final NDArray[] values;
    private long length;

    public KvCache(int layers) {
        this.keys = new NDArray[layers];
        this.values = new NDArray[layers];
    }

    /** Positions already cached (the offset of the next forward's first position). */
    public long length() {
        return length;
    }

    /** Keeps the cached arrays when the scope of the step that made them closes. */
    void keepAlive() {
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] != null) {
                NDScope.unregister(keys[i], values[i]);
            }
        }
    }

    /** Appends this step's keys and values (B, H, S, D) to a layer and returns the full sequence. */
    NDArray[] append(int layer, NDArray k, NDArray v) {
        if (keys[layer] != null) {
            NDArray oldK = keys[layer];
            NDArray oldV = values[layer];
            k = oldK.concat(k, 2);
            v = oldV.concat(v, 2);
            oldK.close();
            oldV.close();
        }
        keys[layer] = k;
        values[layer] = v;
        if (layer == keys.length - 1) {
            length = k.getShape().get(2);
        }
        return new NDArray[] {k, v};
    }

    @Override
    public void close() {
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] != null) {
                keys[i].close();
                values[i].close();
                keys[i] = null;
                values[i] = null;
            }
        }
    }
}

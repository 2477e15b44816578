package io.pdm.model.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Each building block against a straightforward loop over plain arrays. */
class TransformerOpsTest {
    private final NDManager manager = NDManager.newBaseManager();
    private final Random random = new Random(7);

    @AfterEach
    void close() {
        manager.close();
    }

    private float[] randomValues(int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) random.nextGaussian();
        }
        return v;
    }

    @Test
    void rmsNormMatchesDefinition() {
        int rows = 3;
        int width = 8;
        float[] x = randomValues(rows * width);
        float[] w = randomValues(width);
        float eps = 1e-5f;
        float[] got = TransformerOps.rmsNorm(manager.create(x, new Shape(rows, width)), manager.create(w), eps)
                .toFloatArray();
        for (int r = 0; r < rows; r++) {
            double sumSquares = 0;
            for (int c = 0; c < width; c++) {
                sumSquares += x[r * width + c] * x[r * width + c];
            }
            double inv = 1 / Math.sqrt(sumSquares / width + eps);
            for (int c = 0; c < width; c++) {
                assertThat(got[r * width + c]).isCloseTo((float) (x[r * width + c] * inv * w[c]), within(1e-5f));
            }
        }
    }

    @Test
    void swiGluMatchesDefinition() {
        float[] g = randomValues(10);
        float[] u = randomValues(10);
        float[] got =
                TransformerOps.swiGlu(manager.create(g), manager.create(u)).toFloatArray();
        for (int i = 0; i < g.length; i++) {
            double silu = g[i] / (1 + Math.exp(-g[i]));
            assertThat(got[i]).isCloseTo((float) (silu * u[i]), within(1e-5f));
        }
    }

    @Test
    void rotaryRotatesEachDimensionPairByPositionTimesFrequency() {
        int dim = 8;
        int positions = 5;
        float theta = 10000f;
        float[] x = randomValues(positions * dim);
        try (RotaryTable table = new RotaryTable(manager, dim, 16, theta)) {
            int offset = 3;
            float[] got = table.apply(manager.create(x, new Shape(1, 1, positions, dim)), offset)
                    .toFloatArray();
            for (int p = 0; p < positions; p++) {
                for (int j = 0; j < dim / 2; j++) {
                    double angle = (p + offset) * Math.pow(theta, -2.0 * j / dim);
                    double a = x[p * dim + j];
                    double b = x[p * dim + j + dim / 2];
                    assertThat(got[p * dim + j])
                            .isCloseTo((float) (a * Math.cos(angle) - b * Math.sin(angle)), within(1e-5f));
                    assertThat(got[p * dim + j + dim / 2])
                            .isCloseTo((float) (b * Math.cos(angle) + a * Math.sin(angle)), within(1e-5f));
                }
            }
        }
    }

    @Test
    void causalAttentionMatchesLoopsAndNeverLooksAhead() {
        int s = 4;
        int d = 6;
        float[] q = randomValues(s * d);
        float[] k = randomValues(s * d);
        float[] v = randomValues(s * d);
        Shape shape = new Shape(1, 1, s, d);
        float[] got = TransformerOps.causalAttention(
                        manager.create(q, shape), manager.create(k, shape), manager.create(v, shape))
                .toFloatArray();
        for (int i = 0; i < s; i++) {
            double[] weights = new double[i + 1];
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j <= i; j++) {
                double dot = 0;
                for (int c = 0; c < d; c++) {
                    dot += q[i * d + c] * k[j * d + c];
                }
                weights[j] = dot / Math.sqrt(d);
                max = Math.max(max, weights[j]);
            }
            double total = 0;
            for (int j = 0; j <= i; j++) {
                weights[j] = Math.exp(weights[j] - max);
                total += weights[j];
            }
            for (int c = 0; c < d; c++) {
                double expected = 0;
                for (int j = 0; j <= i; j++) {
                    expected += weights[j] / total * v[j * d + c];
                }
                assertThat(got[i * d + c]).isCloseTo((float) expected, within(1e-5f));
            }
        }
    }

    @Test
    void queriesAfterCachedKeysSeeThePrefix() {
        // Two new queries after 3 cached positions: query 0 sees keys 0..3, query 1 sees all 5.
        float[] mask = TransformerOps.causalMask(manager, 2, 5).toFloatArray();
        assertThat(mask).containsExactly(0, 0, 0, 0, -1e9f, 0, 0, 0, 0, 0);
    }

    @Test
    void groupedQueryAttentionGivesEachKeyHeadConsecutiveQueryHeads() {
        float[] kv = randomValues(2 * 3 * 4);
        NDArray repeated = TransformerOps.repeatKv(manager.create(kv, new Shape(1, 2, 3, 4)), 3);
        assertThat(repeated.getShape()).isEqualTo(new Shape(1, 6, 3, 4));
        float[] got = repeated.toFloatArray();
        for (int head = 0; head < 6; head++) {
            int source = head / 3;
            for (int i = 0; i < 12; i++) {
                assertThat(got[head * 12 + i]).isEqualTo(kv[source * 12 + i]);
            }
        }
    }
}

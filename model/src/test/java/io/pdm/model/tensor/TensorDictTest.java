package io.pdm.model.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;

class TensorDictTest {
    private static final TensorDict A = TensorDict.builder()
            .put("w", new float[] {1, 2, 3, 4}, 2, 2)
            .put("b", new float[] {10, 20}, 2)
            .build();
    private static final TensorDict B = TensorDict.builder()
            .put("b", new float[] {1, 1}, 2)
            .put("w", new float[] {4, 3, 2, 1}, 2, 2)
            .build();

    @Test
    void iteratesAndFlattensInNameOrderWhateverTheInsertionOrder() {
        assertThat(A.names()).containsExactly("b", "w");
        assertThat(A.flatten()).containsExactly(10, 20, 1, 2, 3, 4);
        assertThat(A.size()).isEqualTo(2);
        assertThat(A.numel()).isEqualTo(6);
        assertThat(A.layout()).containsExactly(Map.entry("b", List.of(2L)), Map.entry("w", List.of(2L, 2L)));
    }

    @Test
    void unflattenIsTheInverseOfFlatten() {
        assertThat(A.unflatten(A.flatten())).isEqualTo(A);
        TensorDict doubled = A.unflatten(new float[] {20, 40, 2, 4, 6, 8});
        assertThat(doubled).isEqualTo(A.scale(2));
        assertThatThrownBy(() -> A.unflatten(new float[5])).hasMessage("layout holds 6 values, got 5");
    }

    @Test
    void arithmeticIsElementWise() {
        assertThat(A.plus(B).get("w").data()).containsExactly(5, 5, 5, 5);
        assertThat(A.minus(B).get("b").data()).containsExactly(9, 19);
        assertThat(A.scale(0.5).get("w").data()).containsExactly(0.5f, 1, 1.5f, 2);
        TensorDict mean = TensorDict.weightedSum(List.of(A, B, B), new double[] {0.5, 0.25, 0.25});
        assertThat(mean.get("b").data()).containsExactly(5.5f, 10.5f);
        assertThat(mean.get("w").shape()).containsExactly(2, 2);
    }

    @Test
    void weightedSumRoundsOnceFromDouble() {
        // In float, 1e8 + 1 - 1e8 is 0; summed in double it is 1.
        TensorDict big = TensorDict.builder().put("x", new float[] {1e8f}, 1).build();
        TensorDict one = TensorDict.builder().put("x", new float[] {1f}, 1).build();
        assertThat(TensorDict.weightedSum(List.of(big, one, big), new double[] {1, 1, -1})
                        .get("x")
                        .get(0))
                .isEqualTo(1f);
    }

    @Test
    void binaryOperationsNameTheTensorWhoseLayoutDiffers() {
        TensorDict reshaped = A.filter(n -> n.equals("b"))
                .merge(TensorDict.builder().put("w", new float[4], 4).build());
        assertThatThrownBy(() -> A.plus(reshaped))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("dict 1 differs from dict 0: tensor 'w' has shape [2, 2] vs [4]");
        TensorDict extra =
                A.merge(TensorDict.builder().put("c", new float[1], 1).build());
        assertThatThrownBy(() -> TensorDict.weightedSum(List.of(A, A, extra), new double[] {1, 1, 1}))
                .hasMessage("dict 2 differs from dict 0: tensor 'c' is only in the second");
        assertThatThrownBy(() -> extra.minus(A))
                .hasMessage("dict 1 differs from dict 0: tensor 'c' is only in the first");
        assertThatThrownBy(() -> TensorDict.weightedSum(List.of(A, B), new double[] {1}))
                .hasMessage("2 dicts need as many weights, got 1");
        assertThat(A.sameLayout(B)).isTrue();
        assertThat(A.sameLayout(extra)).isFalse();
        assertThatThrownBy(() -> A.requireSameLayout(reshaped))
                .hasMessage("layouts differ: tensor 'w' has shape [2, 2] vs [4]");
    }

    @Test
    void l2NormAccumulatesInDouble() {
        assertThat(TensorDict.builder()
                        .put("a", new float[] {3}, 1)
                        .put("b", new float[] {4}, 1)
                        .build()
                        .l2Norm())
                .isEqualTo(5.0);
        int n = 1 << 20;
        float[] tenths = new float[n];
        Arrays.fill(tenths, 0.1f);
        double x = 0.1f;
        double expected = Math.sqrt(n * x * x);
        // A float accumulator drifts by ~1e-3 relative here.
        assertThat(TensorDict.builder().put("t", tenths, n).build().l2Norm())
                .isCloseTo(expected, within(expected * 1e-9));
    }

    @Test
    void allFiniteSpotsNanAndInfinity() {
        assertThat(A.allFinite()).isTrue();
        assertThat(A.merge(TensorDict.builder()
                                .put("z", new float[] {Float.NaN}, 1)
                                .build())
                        .allFinite())
                .isFalse();
        assertThat(A.merge(TensorDict.builder()
                                .put("z", new float[] {Float.NEGATIVE_INFINITY}, 1)
                                .build())
                        .allFinite())
                .isFalse();
    }

    @Test
    void filterRenameAndMergeKeepTheTensors() {
        assertThat(A.filter(n -> n.startsWith("w")).names()).containsExactly("w");
        TensorDict prefixed = A.renamed(n -> "layer." + n);
        assertThat(prefixed.get("layer.w")).isEqualTo(A.get("w"));
        assertThat(prefixed.merge(A).names()).containsExactly("b", "layer.b", "layer.w", "w");
        assertThatThrownBy(() -> A.renamed(n -> "same")).hasMessage("duplicate tensor name 'same' (from 'b' and 'w')");
        assertThatThrownBy(() -> A.merge(B)).hasMessage("duplicate tensor name 'b'");
    }

    @Test
    void isImmutable() {
        assertThatThrownBy(() -> A.asMap().remove("w")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> A.names().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> A.get("missing"))
                .isInstanceOf(NoSuchElementException.class)
                .hasMessage("no tensor 'missing' among 2");
        assertThatThrownBy(() -> TensorDict.builder().put("", new float[1], 1))
                .hasMessageContaining("tensor name must not be empty");
    }

    @Test
    void equalityIsByContent() {
        assertThat(A).isEqualTo(TensorDict.of(A.asMap())).hasSameHashCodeAs(TensorDict.of(A.asMap()));
        assertThat(A).isNotEqualTo(B);
        assertThat(TensorDict.builder().build()).isSameAs(TensorDict.empty());
        assertThat(A).hasToString("TensorDict[b[2], w[2, 2]]");
    }
}

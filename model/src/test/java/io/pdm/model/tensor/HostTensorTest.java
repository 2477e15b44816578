package io.pdm.model.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ReadOnlyBufferException;
import org.junit.jupiter.api.Test;

class HostTensorTest {

    @Test
    void numelMustMatchTheShape() {
        assertThatThrownBy(() -> HostTensor.of(new float[5], 2, 3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("shape [2, 3] needs 6 values but data has 5");
        assertThatThrownBy(() -> HostTensor.of(new float[0], 2, -1))
                .hasMessageContaining("negative dimension in shape [2, -1]");
        assertThatThrownBy(() -> HostTensor.of(new float[1], 1L << 40, 1L << 40))
                .hasMessageContaining("needs " + Long.MAX_VALUE + " values");
    }

    @Test
    void scalarsAndEmptyTensorsAreValid() {
        assertThat(HostTensor.of(new float[] {7}).numel()).isEqualTo(1);
        assertThat(HostTensor.of(new float[] {7}).rank()).isZero();
        assertThat(HostTensor.zeros(3, 0, 2).numel()).isZero();
    }

    @Test
    void zerosHasTheShapeAndOnlyZeros() {
        HostTensor t = HostTensor.zeros(2, 3);
        assertThat(t.shape()).containsExactly(2, 3);
        assertThat(t.hasShape(2, 3)).isTrue();
        assertThat(t.hasShape(3, 2)).isFalse();
        assertThat(t.dim(1)).isEqualTo(3);
        assertThat(t.data()).hasSize(6).containsOnly(0f);
    }

    @Test
    void callersCannotChangeATensor() {
        float[] data = {1, 2};
        long[] shape = {2};
        HostTensor t = HostTensor.of(data, shape);
        data[0] = 99;
        shape[0] = 5;
        t.data()[1] = 99;
        t.shape()[0] = 7;
        assertThat(t).isEqualTo(HostTensor.of(new float[] {1, 2}, 2));
        assertThatThrownBy(() -> t.buffer().put(0, 3f)).isInstanceOf(ReadOnlyBufferException.class);
    }

    @Test
    void equalityIsByContent() {
        HostTensor a = HostTensor.of(new float[] {1, Float.NaN}, 1, 2);
        assertThat(a)
                .isEqualTo(HostTensor.of(new float[] {1, Float.NaN}, 1, 2))
                .hasSameHashCodeAs(HostTensor.of(new float[] {1, Float.NaN}, 1, 2));
        assertThat(a).isNotEqualTo(HostTensor.of(new float[] {1, Float.NaN}, 2));
        assertThat(HostTensor.of(new float[] {0f}, 1)).isNotEqualTo(HostTensor.of(new float[] {-0f}, 1));
    }

    @Test
    void toStringShowsTheShapeAndOnlyTheFirstValues() {
        assertThat(HostTensor.zeros(100)).hasToString("HostTensor[100][0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, …]");
        assertThat(HostTensor.of(new float[] {1, 2}, 2)).hasToString("HostTensor[2][1.0, 2.0]");
    }
}

package io.pdm.model.tensor;

import java.nio.FloatBuffer;
import java.util.Arrays;

/**
 * A dense, row-major float32 tensor on the Java heap: the engine-free exchange type between the
 * safetensors files, the federated aggregator and the DJL model.
 *
 * <p>Immutable: the constructor copies both arrays and the accessors return copies, so no caller
 * can change a tensor another one holds. Read without copying through {@link #buffer()}.
 * Equality is by content ({@link Arrays#equals(float[], float[])}: NaN equals NaN, 0.0 differs
 * from -0.0).
 *
 * @param shape dimensions, each ≥ 0; {@code []} is a scalar with one value
 * @param data  the values in row-major order; its length is the product of {@code shape}
 */
public record HostTensor(long[] shape, float[] data) {

    public HostTensor {
        shape = shape.clone();
        long numel = 1;
        for (long dim : shape) {
            if (dim < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
            }
            numel = multiplyOrMax(numel, dim);
        }
        if (numel != data.length) {
            throw new IllegalArgumentException(
                    "shape " + Arrays.toString(shape) + " needs " + numel + " values but data has " + data.length);
        }
        data = data.clone();
    }

    /** A tensor of zeros. */
    public static HostTensor zeros(long... shape) {
        return new HostTensor(shape, new float[Math.toIntExact(product(shape))]);
    }

    /** A tensor with a copy of {@code data}. */
    public static HostTensor of(float[] data, long... shape) {
        return new HostTensor(shape, data);
    }

    /** The product of {@code shape}; throws {@link ArithmeticException} when it overflows a long. */
    public static long product(long... shape) {
        long numel = 1;
        for (long dim : shape) {
            numel = Math.multiplyExact(numel, dim);
        }
        return numel;
    }

    /** Number of values. */
    public int numel() {
        return data.length;
    }

    /** Number of dimensions (0 for a scalar). */
    public int rank() {
        return shape.length;
    }

    /** Dimension {@code axis}. */
    public long dim(int axis) {
        return shape[axis];
    }

    /** A copy of the shape. */
    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** A copy of the values; prefer {@link #buffer()} to read large tensors. */
    @Override
    public float[] data() {
        return data.clone();
    }

    /** The value at row-major position {@code flatIndex}. */
    public float get(int flatIndex) {
        return data[flatIndex];
    }

    /** A read-only view of the values (position 0, no copy). */
    public FloatBuffer buffer() {
        return FloatBuffer.wrap(data).asReadOnlyBuffer();
    }

    public boolean hasShape(long... dims) {
        return Arrays.equals(shape, dims);
    }

    /** The backing array, for the loops of {@link TensorDict}; never handed out of this package. */
    float[] values() {
        return data;
    }

    /** The backing shape array; never handed out of this package. */
    long[] dims() {
        return shape;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HostTensor t && Arrays.equals(shape, t.shape) && Arrays.equals(data, t.data);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(shape) + Arrays.hashCode(data);
    }

    /** Shape and the first values only: tensors have up to millions of them. */
    @Override
    public String toString() {
        int shown = Math.min(data.length, 8);
        String head = Arrays.toString(Arrays.copyOf(data, shown));
        return "HostTensor" + Arrays.toString(shape)
                + (shown < data.length ? head.substring(0, head.length() - 1) + ", …]" : head);
    }

    // Saturates instead of overflowing so that a huge shape reports a size mismatch, not an ArithmeticException.
    private static long multiplyOrMax(long a, long b) {
        long high = Math.multiplyHigh(a, b);
        long low = a * b;
        return high != 0 || low < 0 ? Long.MAX_VALUE : low;
    }
}

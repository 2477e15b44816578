package io.pdm.model.nn;

/** Small shapes for tests: two layers, grouped-query attention, sensors and text. */
public final class TestModels {
    private TestModels() {}

    public static TransformerShape sensorAndText() {
        return new TransformerShape(32, 64, 2, 4, 2, 8, 1e-5f, 10000f, 40, 64, true, 2, 3, 3, 125f, 0f);
    }

    public static TransformerShape sensorOnly(int channels, int patchSize) {
        return new TransformerShape(32, 64, 2, 4, 4, 8, 1e-5f, 10000f, 0, 64, true, patchSize, channels, 3, 125f, 0f);
    }
}

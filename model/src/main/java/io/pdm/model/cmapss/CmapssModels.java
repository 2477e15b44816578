package io.pdm.model.cmapss;

import io.pdm.model.config.ModelConfig;
import io.pdm.model.config.SensorConfig;
import io.pdm.model.data.HealthStage;
import io.pdm.model.text.ByteTokenizer;
import java.util.Arrays;
import java.util.List;

/** The platform's own small model for sensor windows and maintenance text. */
public final class CmapssModels {
    private CmapssModels() {}

    /**
     * @param hidden model width; heads of 16 dimensions, half as many key/value heads
     * @param layers decoder layers
     */
    public record Size(int hidden, int layers, int patchSize, double dropout) {
        public static final Size DEFAULT = new Size(64, 2, 5, 0.1);
    }

    public static ModelConfig config(Size size, int channels, int rulCap) {
        int heads = Math.max(1, size.hidden() / 16);
        List<String> classes = Arrays.stream(HealthStage.values())
                .map(s -> s.name().toLowerCase())
                .toList();
        SensorConfig pdm = new SensorConfig(
                size.patchSize(),
                channels,
                128,
                classes.size(),
                classes,
                rulCap,
                SensorConfig.Tokenizer.BYTE,
                size.dropout());
        return new ModelConfig(
                ModelConfig.DEFAULT_ARCHITECTURES,
                "llama",
                size.hidden(),
                size.hidden() * 2,
                size.layers(),
                heads,
                Math.max(1, heads / 2),
                size.hidden() / heads,
                1e-5,
                10_000,
                ByteTokenizer.VOCAB_SIZE,
                512,
                true,
                ByteTokenizer.BOS,
                List.of(ByteTokenizer.EOS),
                ByteTokenizer.PAD,
                "float32",
                pdm,
                null);
    }
}

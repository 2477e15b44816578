package io.pdm.model.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * The platform part of {@code config.json} (key {@code "pdm"}): how sensor readings become patch
 * embeddings and what the heads predict. Unknown keys fail to parse: this section is ours, so an
 * unknown key is a typo.
 *
 * @param patchSize   cycles per patch
 * @param numChannels sensor channels per cycle
 * @param maxPatches  the most patches in one input
 * @param numClasses  outputs of the classification head
 * @param classNames  one name per class
 * @param rulScale    remaining useful life is predicted as a fraction of this many cycles
 * @param tokenizer   how text is tokenized
 * @param dropout     dropout on patch embeddings and on each residual branch while training (0 when absent)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record SensorConfig(
        int patchSize,
        int numChannels,
        int maxPatches,
        int numClasses,
        List<String> classNames,
        double rulScale,
        Tokenizer tokenizer,
        double dropout) {

    public enum Tokenizer {
        /** One token per byte of UTF-8 (plus specials): no vocabulary file needed. */
        @JsonProperty("byte")
        BYTE,
        /** A Hugging Face {@code tokenizer.json} next to the weights. */
        @JsonProperty("hf")
        HF
    }

    public SensorConfig {
        ModelConfig.requirePositive("pdm.patch_size", patchSize);
        ModelConfig.requirePositive("pdm.num_channels", numChannels);
        ModelConfig.requirePositive("pdm.max_patches", maxPatches);
        ModelConfig.requirePositive("pdm.num_classes", numClasses);
        if (classNames == null || classNames.size() != numClasses) {
            throw new IllegalArgumentException(
                    "pdm.class_names must name each of the " + numClasses + " classes, got " + classNames);
        }
        classNames = List.copyOf(classNames);
        if (!(rulScale > 0) || Double.isInfinite(rulScale)) {
            throw new IllegalArgumentException("pdm.rul_scale must be positive and finite, got " + rulScale);
        }
        if (tokenizer == null) {
            throw new IllegalArgumentException("pdm.tokenizer must be \"byte\" or \"hf\"");
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("pdm.dropout must be in [0, 1), got " + dropout);
        }
    }
}

package io.pdm.model.nn;

import io.pdm.model.config.ModelConfig;
import io.pdm.model.config.SensorConfig;

/**
 * The dimensions the forward pass needs, taken from a Hugging Face {@code config.json} (see
 * {@code ModelConfig}). A model without sensor input has {@code channels == 0}; one without text has
 * {@code vocab == 0}.
 */
public record TransformerShape(
        int hidden,
        int intermediate,
        int layers,
        int heads,
        int kvHeads,
        int headDim,
        float rmsEps,
        float ropeTheta,
        int vocab,
        int maxPositions,
        boolean tiedEmbeddings,
        int patchSize,
        int channels,
        int classes,
        float rulScale,
        float dropout) {

    public TransformerShape {
        if (hidden <= 0 || intermediate <= 0 || layers <= 0 || heads <= 0 || kvHeads <= 0 || headDim <= 0) {
            throw new IllegalArgumentException("model sizes must be positive");
        }
        if (heads % kvHeads != 0) {
            throw new IllegalArgumentException(
                    "num_attention_heads " + heads + " is not a multiple of num_key_value_heads " + kvHeads);
        }
        if (headDim % 2 != 0) {
            throw new IllegalArgumentException("head_dim " + headDim + " must be even for rotary positions");
        }
        if (channels > 0 && patchSize <= 0) {
            throw new IllegalArgumentException("a sensor model needs a positive patch size");
        }
    }

    /** The shape a Hugging Face configuration describes; a config without a pdm section has no sensor input. */
    public static TransformerShape of(ModelConfig c) {
        SensorConfig pdm = c.pdm();
        return new TransformerShape(
                c.hiddenSize(),
                c.intermediateSize(),
                c.numHiddenLayers(),
                c.numAttentionHeads(),
                c.numKeyValueHeads(),
                c.headDim(),
                (float) c.rmsNormEps(),
                (float) c.ropeTheta(),
                c.vocabSize(),
                c.maxPositionEmbeddings(),
                c.tieWordEmbeddings(),
                pdm == null ? 0 : pdm.patchSize(),
                pdm == null ? 0 : pdm.numChannels(),
                pdm == null ? 0 : pdm.numClasses(),
                pdm == null ? 1f : (float) pdm.rulScale(),
                pdm == null ? 0f : (float) pdm.dropout());
    }

    public boolean hasSensors() {
        return channels > 0;
    }

    public boolean hasText() {
        return vocab > 0;
    }

    public int kvGroups() {
        return heads / kvHeads;
    }
}

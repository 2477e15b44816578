package io.pdm.model.config;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.pdm.model.io.HuggingFaceJson;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The Hugging Face {@code config.json} of a Llama-family model, plus the platform's sensor section
 * under {@code "pdm"}. Keys this record does not model (a real checkpoint has many: hidden_act,
 * rope_scaling, transformers_version…) are kept in {@code extra} and written back, so a round trip
 * loses nothing.
 *
 * <p>Absent keys take transformers' {@code LlamaConfig} defaults where it has a sensible one
 * (num_key_value_heads = num_attention_heads, head_dim = hidden_size / num_attention_heads,
 * rope_theta 10000, rms_norm_eps 1e-6); the sizes have to be given.
 *
 * @param eosTokenIds {@code eos_token_id}: one id in Llama 2 configs, a list in Llama 3 ones
 * @param padTokenId  nullable
 * @param bosTokenId  nullable
 * @param pdm         the sensor section; null for a plain language model
 * @param extra       unmodelled keys, sorted (values are JSON-like and may be null)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModelConfig(
        List<String> architectures,
        String modelType,
        int hiddenSize,
        int intermediateSize,
        int numHiddenLayers,
        int numAttentionHeads,
        int numKeyValueHeads,
        int headDim,
        double rmsNormEps,
        double ropeTheta,
        int vocabSize,
        int maxPositionEmbeddings,
        boolean tieWordEmbeddings,
        Integer bosTokenId,

        @JsonProperty("eos_token_id") @JsonFormat(with = JsonFormat.Feature.WRITE_SINGLE_ELEM_ARRAYS_UNWRAPPED)
        List<Integer> eosTokenIds,

        Integer padTokenId,
        String torchDtype,
        SensorConfig pdm,
        @JsonAnyGetter Map<String, Object> extra) {

    public static final List<String> DEFAULT_ARCHITECTURES = List.of("LlamaForCausalLM");

    public ModelConfig {
        if (architectures == null || architectures.isEmpty()) {
            throw new IllegalArgumentException("architectures must name at least one class");
        }
        architectures = List.copyOf(architectures);
        requireText("model_type", modelType);
        requireText("torch_dtype", torchDtype);
        requirePositive("hidden_size", hiddenSize);
        requirePositive("intermediate_size", intermediateSize);
        requirePositive("num_hidden_layers", numHiddenLayers);
        requirePositive("num_attention_heads", numAttentionHeads);
        requirePositive("num_key_value_heads", numKeyValueHeads);
        requirePositive("head_dim", headDim);
        requirePositive("vocab_size", vocabSize);
        requirePositive("max_position_embeddings", maxPositionEmbeddings);
        if (hiddenSize % numAttentionHeads != 0) {
            throw new IllegalArgumentException(
                    "hidden_size " + hiddenSize + " is not divisible by num_attention_heads " + numAttentionHeads);
        }
        if (numAttentionHeads % numKeyValueHeads != 0) {
            throw new IllegalArgumentException("num_attention_heads " + numAttentionHeads
                    + " is not divisible by num_key_value_heads " + numKeyValueHeads);
        }
        if (!(rmsNormEps > 0) || !(ropeTheta > 0) || Double.isInfinite(ropeTheta)) {
            throw new IllegalArgumentException(
                    "rms_norm_eps " + rmsNormEps + " and rope_theta " + ropeTheta + " must be positive and finite");
        }
        eosTokenIds = eosTokenIds == null ? List.of() : List.copyOf(eosTokenIds);
        extra = extra == null ? Map.of() : HuggingFaceJson.freeze(extra);
    }

    /** Binds config.json: absent keys become the defaults above, required ones are named when absent. */
    @JsonCreator
    static ModelConfig fromJson(
            @JsonProperty("architectures") List<String> architectures,
            @JsonProperty("model_type") String modelType,
            @JsonProperty("hidden_size") Integer hiddenSize,
            @JsonProperty("intermediate_size") Integer intermediateSize,
            @JsonProperty("num_hidden_layers") Integer numHiddenLayers,
            @JsonProperty("num_attention_heads") Integer numAttentionHeads,
            @JsonProperty("num_key_value_heads") Integer numKeyValueHeads,
            @JsonProperty("head_dim") Integer headDim,
            @JsonProperty("rms_norm_eps") Double rmsNormEps,
            @JsonProperty("rope_theta") Double ropeTheta,
            @JsonProperty("vocab_size") Integer vocabSize,
            @JsonProperty("max_position_embeddings") Integer maxPositionEmbeddings,
            @JsonProperty("tie_word_embeddings") Boolean tieWordEmbeddings,
            @JsonProperty("bos_token_id") Integer bosTokenId,
            @JsonProperty("eos_token_id") @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
                    List<Integer> eosTokenIds,
            @JsonProperty("pad_token_id") Integer padTokenId,
            @JsonProperty("torch_dtype") String torchDtype,
            @JsonProperty("pdm") SensorConfig pdm,
            @JsonAnySetter Map<String, Object> extra) {
        int heads = required("num_attention_heads", numAttentionHeads);
        int hidden = required("hidden_size", hiddenSize);
        return new ModelConfig(
                architectures == null ? DEFAULT_ARCHITECTURES : architectures,
                modelType == null ? "llama" : modelType,
                hidden,
                required("intermediate_size", intermediateSize),
                required("num_hidden_layers", numHiddenLayers),
                heads,
                numKeyValueHeads == null ? heads : numKeyValueHeads,
                headDim != null ? headDim : heads > 0 ? hidden / heads : 0, // the constructor rejects 0 heads
                rmsNormEps == null ? 1e-6 : rmsNormEps,
                ropeTheta == null ? 10_000 : ropeTheta,
                required("vocab_size", vocabSize),
                required("max_position_embeddings", maxPositionEmbeddings),
                tieWordEmbeddings != null && tieWordEmbeddings,
                bosTokenId,
                eosTokenIds,
                padTokenId,
                torchDtype == null ? "float32" : torchDtype,
                pdm,
                extra);
    }

    /**
     * A small float32 Llama for tests: hidden 64, 2 layers, 4 heads sharing 2 key/value heads,
     * 256 positions, bos 1, eos 2.
     */
    public static ModelConfig tiny(int vocabSize, SensorConfig pdm) {
        return new ModelConfig(
                DEFAULT_ARCHITECTURES,
                "llama",
                64,
                128,
                2,
                4,
                2,
                16,
                1e-5,
                10_000,
                vocabSize,
                256,
                false,
                1,
                List.of(2),
                null,
                "float32",
                pdm,
                Map.of());
    }

    public static ModelConfig read(Path file) throws IOException {
        return HuggingFaceJson.read(file, ModelConfig.class);
    }

    public void write(Path file) throws IOException {
        HuggingFaceJson.write(file, this);
    }

    public ModelConfig withPdm(SensorConfig sensors) {
        return new ModelConfig(
                architectures,
                modelType,
                hiddenSize,
                intermediateSize,
                numHiddenLayers,
                numAttentionHeads,
                numKeyValueHeads,
                headDim,
                rmsNormEps,
                ropeTheta,
                vocabSize,
                maxPositionEmbeddings,
                tieWordEmbeddings,
                bosTokenId,
                eosTokenIds,
                padTokenId,
                torchDtype,
                sensors,
                extra);
    }

    static void requirePositive(String key, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(key + " must be positive, got " + value);
        }
    }

    private static void requireText(String key, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(key + " must not be empty");
        }
    }

    private static int required(String key, Integer value) {
        if (value == null) {
            throw new IllegalArgumentException("config lacks " + key);
        }
        return value;
    }
}

package io.pdm.model.lora;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.pdm.model.io.HuggingFaceJson;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A LoRA adapter's settings, read from and written as PEFT's {@code adapter_config.json}.
 *
 * <p>PEFT options that would change the adapter's arithmetic (rsLoRA, DoRA, trained biases,
 * transposed weights, per-module rank or alpha patterns) are rejected on read rather than silently
 * ignored; they are written with the values this platform implements. Other unmodelled keys are kept
 * in {@code extra} and written back. Null values are written as PEFT writes them ({@code "revision": null}).
 *
 * @param r                   rank of the low-rank update
 * @param alpha               {@code lora_alpha}; the update is scaled by alpha / r
 * @param dropout             {@code lora_dropout}, applied to the LoRA input while training
 * @param targetModules       module names (last path segments, e.g. {@code q_proj}) that get LoRA
 * @param modulesToSave       modules trained in full and saved with the adapter (e.g. the heads)
 * @param baseModelNameOrPath the base model the adapter belongs to; nullable
 * @param taskType            PEFT task type, e.g. {@code CAUSAL_LM}; nullable
 * @param revision            base model revision; nullable
 * @param extra               unmodelled keys, sorted
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record LoraConfig(
        int r,
        @JsonProperty("lora_alpha") int alpha,
        @JsonProperty("lora_dropout") double dropout,
        List<String> targetModules,
        List<String> modulesToSave,
        String baseModelNameOrPath,
        String taskType,
        String revision,
        @JsonIgnore Map<String, Object> extra) {

    public static final List<String> DEFAULT_TARGET_MODULES = List.of("q_proj", "k_proj", "v_proj", "o_proj");
    /** The sensor patch projection and the two heads: new in the platform model, so trained in full. */
    public static final List<String> DEFAULT_MODULES_TO_SAVE = List.of("patch_proj", "rul_head", "class_head");

    /** Keys whose only supported value is this one: another would change the adapter's arithmetic. */
    private static final Map<String, Object> FIXED = Map.of(
            "peft_type", "LORA", "bias", "none", "fan_in_fan_out", false, "use_rslora", false, "use_dora", false);
    /** Keys that describe how training started or runs; any value is accepted and PEFT's saved value written. */
    private static final Map<String, Object> WRITTEN_AS_SAVED =
            Map.of("inference_mode", true, "init_lora_weights", true);
    /** Per-module overrides of r and alpha; only empty ones are supported. */
    private static final List<String> PATTERNS = List.of("rank_pattern", "alpha_pattern");

    public LoraConfig {
        if (r <= 0 || alpha <= 0) {
            throw new IllegalArgumentException(
                    "r and lora_alpha must be positive, got r=" + r + ", lora_alpha=" + alpha);
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("lora_dropout must be in [0, 1), got " + dropout);
        }
        if (targetModules == null || targetModules.isEmpty()) {
            throw new IllegalArgumentException("target_modules must name at least one module");
        }
        targetModules = List.copyOf(targetModules);
        modulesToSave = modulesToSave == null ? List.of() : List.copyOf(modulesToSave);
        extra = extra == null ? Map.of() : HuggingFaceJson.freeze(extra);
        for (String key : extra.keySet()) {
            if (FIXED.containsKey(key) || WRITTEN_AS_SAVED.containsKey(key)) {
                throw new IllegalArgumentException("extra must not set '" + key + "': LoraConfig writes it");
            }
        }
    }

    /** A causal-LM adapter on the attention projections that also trains the platform's heads. */
    public static LoraConfig of(int r, int alpha, double dropout, String baseModelNameOrPath) {
        return new LoraConfig(
                r,
                alpha,
                dropout,
                DEFAULT_TARGET_MODULES,
                DEFAULT_MODULES_TO_SAVE,
                baseModelNameOrPath,
                "CAUSAL_LM",
                null,
                Map.of());
    }

    @JsonCreator
    static LoraConfig fromJson(
            @JsonProperty("r") Integer r,
            @JsonProperty("lora_alpha") Integer alpha,
            @JsonProperty("lora_dropout") Double dropout,
            @JsonProperty("target_modules") List<String> targetModules,
            @JsonProperty("modules_to_save") List<String> modulesToSave,
            @JsonProperty("base_model_name_or_path") String baseModelNameOrPath,
            @JsonProperty("task_type") String taskType,
            @JsonProperty("revision") String revision,
            @JsonAnySetter Map<String, Object> others) {
        Map<String, Object> extra = new HashMap<>(others == null ? Map.of() : others);
        for (Map.Entry<String, Object> fixed : FIXED.entrySet()) {
            Object value = extra.remove(fixed.getKey());
            if (value != null && !value.equals(fixed.getValue())) {
                throw new IllegalArgumentException("adapter config sets " + fixed.getKey() + " to " + value + "; only "
                        + fixed.getValue() + " is supported");
            }
        }
        WRITTEN_AS_SAVED.keySet().forEach(extra::remove);
        for (String pattern : PATTERNS) {
            if (extra.get(pattern) instanceof Map<?, ?> overrides && !overrides.isEmpty()) {
                throw new IllegalArgumentException("adapter config sets " + pattern + " " + overrides
                        + "; per-module overrides are not supported");
            }
        }
        if (r == null || alpha == null || targetModules == null) {
            throw new IllegalArgumentException("adapter config lacks r, lora_alpha or target_modules");
        }
        return new LoraConfig(
                r,
                alpha,
                dropout == null ? 0 : dropout,
                targetModules,
                modulesToSave,
                baseModelNameOrPath,
                taskType,
                revision,
                extra);
    }

    /** The factor of the LoRA update B·A: alpha / r. */
    public double scaling() {
        return (double) alpha / r;
    }

    public static LoraConfig read(Path file) throws IOException {
        return HuggingFaceJson.read(file, LoraConfig.class);
    }

    public void write(Path file) throws IOException {
        HuggingFaceJson.write(file, this);
    }

    public LoraConfig withTargetModules(List<String> modules) {
        return new LoraConfig(
                r, alpha, dropout, modules, modulesToSave, baseModelNameOrPath, taskType, revision, extra);
    }

    public LoraConfig withModulesToSave(List<String> modules) {
        return new LoraConfig(
                r, alpha, dropout, targetModules, modules, baseModelNameOrPath, taskType, revision, extra);
    }

    /** The unmodelled keys plus the fixed ones, as PEFT writes them. */
    @JsonAnyGetter
    private Map<String, Object> keysBeyondComponents() {
        Map<String, Object> keys = new TreeMap<>(extra);
        keys.putAll(FIXED);
        keys.putAll(WRITTEN_AS_SAVED);
        return keys;
    }
}

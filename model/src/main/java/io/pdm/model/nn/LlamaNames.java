package io.pdm.model.nn;

/**
 * Tensor names of a Hugging Face Llama checkpoint ({@code LlamaForCausalLM}), plus the platform's
 * sensor-specific modules. Keeping the Hugging Face names lets users bring their own checkpoints and
 * lets PEFT adapters address the same modules.
 */
public final class LlamaNames {
    public static final String EMBED_TOKENS = "model.embed_tokens.weight";
    public static final String FINAL_NORM = "model.norm.weight";
    public static final String LM_HEAD = "lm_head.weight";
    /** Sensor patches (patch × channels) projected to the model width. */
    public static final String PATCH_PROJ = "patch_proj";
    /** Remaining-useful-life regression head (one output, a fraction of the configured RUL scale). */
    public static final String RUL_HEAD = "rul_head";
    /** Health / failure-mode classification head. */
    public static final String CLASS_HEAD = "class_head";

    public static final String[] ATTENTION_PROJECTIONS = {"q_proj", "k_proj", "v_proj", "o_proj"};
    public static final String[] MLP_PROJECTIONS = {"gate_proj", "up_proj", "down_proj"};

    private LlamaNames() {}

    public static String layer(int layer) {
        return "model.layers." + layer;
    }

    /** The module name of a projection, e.g. {@code model.layers.3.self_attn.q_proj}. */
    public static String projection(int layer, String projection) {
        String block = projection.endsWith("_proj")
                        && (projection.startsWith("gate")
                                || projection.startsWith("up")
                                || projection.startsWith("down"))
                ? ".mlp."
                : ".self_attn.";
        return layer(layer) + block + projection;
    }

    public static String inputNorm(int layer) {
        return layer(layer) + ".input_layernorm.weight";
    }

    public static String postAttentionNorm(int layer) {
        return layer(layer) + ".post_attention_layernorm.weight";
    }

    public static String weight(String module) {
        return module + ".weight";
    }

    public static String bias(String module) {
        return module + ".bias";
    }

    /** The last segment of a module name ({@code q_proj} for {@code model.layers.0.self_attn.q_proj}). */
    public static String leaf(String module) {
        return module.substring(module.lastIndexOf('.') + 1);
    }
}

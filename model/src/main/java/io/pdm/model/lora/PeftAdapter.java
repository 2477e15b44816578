package io.pdm.model.lora;

import io.pdm.model.io.Safetensors;
import io.pdm.model.io.SafetensorsFile;
import io.pdm.model.tensor.HostTensor;
import io.pdm.model.tensor.TensorDict;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * A trained LoRA adapter: its config and weights under the model's own tensor names, e.g.
 * {@code model.layers.0.self_attn.q_proj.lora_A.weight} (shape r × in),
 * {@code ….lora_B.weight} (out × r) and full tensors of the modules to save such as
 * {@code patch_proj.weight}.
 *
 * <p>Saved as a PEFT adapter directory, loadable by {@code PeftModel.from_pretrained}: tensor keys
 * as PEFT's {@code get_peft_model_state_dict} produces them, i.e. {@code base_model.model.} + the
 * model's name with the adapter name left out.
 */
public record PeftAdapter(LoraConfig config, TensorDict weights) {
    public static final String CONFIG_FILE = "adapter_config.json";
    public static final String WEIGHTS_FILE = "adapter_model.safetensors";
    /** What PEFT's PeftModel → LoraModel → base model wrapping puts before the model's names. */
    public static final String PEFT_PREFIX = "base_model.model.";

    private static final String LORA_A = ".lora_A.weight";
    private static final String LORA_B = ".lora_B.weight";

    /** Checks that LoRA factors come in pairs of rank r on target modules and every other tensor belongs to a module to save. */
    public PeftAdapter {
        for (Map.Entry<String, HostTensor> entry : weights.asMap().entrySet()) {
            String name = entry.getKey();
            if (name.endsWith(LORA_A)) {
                checkPair(config, weights, name.substring(0, name.length() - LORA_A.length()));
            } else if (name.endsWith(LORA_B)) {
                String module = name.substring(0, name.length() - LORA_B.length());
                if (!weights.contains(module + LORA_A)) {
                    throw new IllegalArgumentException("LoRA factor '" + name + "' has no '" + module + LORA_A + "'");
                }
            } else if (!isModule(moduleOf(name), config.modulesToSave())) {
                throw new IllegalArgumentException("tensor '" + name + "' is neither a LoRA factor nor part of "
                        + "modules_to_save " + config.modulesToSave());
            }
        }
    }

    /** The modules that carry a LoRA pair, e.g. {@code model.layers.0.self_attn.q_proj}. */
    public SortedSet<String> loraModules() {
        TreeSet<String> modules = new TreeSet<>();
        for (String name : weights.names()) {
            if (name.endsWith(LORA_A)) {
                modules.add(name.substring(0, name.length() - LORA_A.length()));
            }
        }
        return Collections.unmodifiableSortedSet(modules);
    }

    /** Writes {@value #CONFIG_FILE} and {@value #WEIGHTS_FILE} into {@code dir}, creating it if needed. */
    public void save(Path dir) throws IOException {
        Files.createDirectories(dir);
        config.write(dir.resolve(CONFIG_FILE));
        // "format": "pt" is what PEFT writes; transformers' loaders check it.
        Safetensors.write(
                dir.resolve(WEIGHTS_FILE), weights.renamed(name -> PEFT_PREFIX + name), Map.of("format", "pt"));
    }

    /**
     * Reads a PEFT adapter directory. Accepts keys with the adapter name still in them
     * ({@code ….lora_A.default.weight}, {@code ….modules_to_save.default.weight}), as some PEFT
     * versions and training checkpoints write them.
     *
     * @param maxBytes the largest weights file to accept
     * @throws IOException              when a file is unreadable or not valid JSON / safetensors
     * @throws IllegalArgumentException when the files are well-formed but do not form a valid adapter
     */
    public static PeftAdapter load(Path dir, long maxBytes) throws IOException {
        LoraConfig config = LoraConfig.read(dir.resolve(CONFIG_FILE));
        SafetensorsFile file = Safetensors.read(dir.resolve(WEIGHTS_FILE), maxBytes);
        return new PeftAdapter(config, file.tensors().renamed(PeftAdapter::internalName));
    }

    /**
     * SHA-256 (hex) of the directory's {@value #WEIGHTS_FILE}: what a plant announces for an adapter version, and
     * what inference compares an ensemble member's file with before loading it.
     */
    public static String weightsSha256(Path dir) throws IOException {
        java.security.MessageDigest digest;
        try {
            digest = java.security.MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
        try (java.io.InputStream in =
                new java.security.DigestInputStream(Files.newInputStream(dir.resolve(WEIGHTS_FILE)), digest)) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        return java.util.HexFormat.of().formatHex(digest.digest());
    }

    /** The model's name for a PEFT state-dict key. */
    static String internalName(String peftKey) {
        if (!peftKey.startsWith(PEFT_PREFIX)) {
            throw new IllegalArgumentException("tensor '" + peftKey + "' lacks PEFT's prefix '" + PEFT_PREFIX + "'");
        }
        return peftKey.substring(PEFT_PREFIX.length())
                .replace(".modules_to_save.default.", ".")
                .replace(".default.", ".");
    }

    private static void checkPair(LoraConfig config, TensorDict weights, String module) {
        if (!isModule(module, config.targetModules())) {
            throw new IllegalArgumentException(
                    "LoRA module '" + module + "' is not among target_modules " + config.targetModules());
        }
        if (!weights.contains(module + LORA_B)) {
            throw new IllegalArgumentException(
                    "LoRA factor '" + module + LORA_A + "' has no '" + module + LORA_B + "'");
        }
        HostTensor a = weights.get(module + LORA_A);
        HostTensor b = weights.get(module + LORA_B);
        if (a.rank() != 2 || b.rank() != 2 || a.dim(0) != config.r() || b.dim(1) != config.r()) {
            throw new IllegalArgumentException(
                    "LoRA pair of '" + module + "' has shapes A " + Arrays.toString(a.shape()) + " and B "
                            + Arrays.toString(b.shape()) + "; expected (r, in) and (out, r) with r = " + config.r());
        }
    }

    /** The module path of a parameter: its name without the last segment ("weight", "bias"). */
    private static String moduleOf(String parameter) {
        int dot = parameter.lastIndexOf('.');
        return dot < 0 ? "" : parameter.substring(0, dot);
    }

    /** PEFT's matching: the module path is one of the names or ends with "." + one of them. */
    private static boolean isModule(String modulePath, List<String> names) {
        for (String name : names) {
            if (modulePath.equals(name) || modulePath.endsWith("." + name)) {
                return true;
            }
        }
        return false;
    }
}

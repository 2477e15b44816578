package io.pdm.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.norm.Dropout;
import io.pdm.model.lora.LoraConfig;
import io.pdm.model.lora.PeftAdapter;
import java.util.Collections;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * A LoRA adapter on the device: for each target projection W (out × in), A (r × in) and B (out × r)
 * such that the adapted layer computes x W^T + (alpha / r) · dropout(x) A^T B^T (Hu et al. 2021, and
 * PEFT's conventions: A Kaiming-uniform, B zero, so a fresh adapter changes nothing). Also holds the
 * adapter's own copies of {@code modules_to_save} (the patch projection and heads).
 */
public final class LoraLayers implements AutoCloseable {
    private final LoraConfig config;
    /** Tensor name (PEFT internal, e.g. {@code model.layers.0.self_attn.q_proj.lora_A.weight}) → array. */
    private final Map<String, NDArray> tensors;

    LoraLayers(LoraConfig config, Map<String, NDArray> tensors) {
        this.config = config;
        this.tensors = new TreeMap<>(tensors);
    }

    /** A fresh adapter for every target projection of {@code model}; modules to save start as copies. */
    static LoraLayers initialize(LoraConfig config, PdmTransformer model, NDManager manager, long seed) {
        Map<String, NDArray> tensors = new TreeMap<>();
        for (String module : model.projectionModules()) {
            if (!config.targetModules().contains(LlamaNames.leaf(module))) {
                continue;
            }
            Shape w = model.weight(LlamaNames.weight(module)).getShape();
            long out = w.get(0);
            long in = w.get(1);
            tensors.put(
                    loraA(module),
                    uniform(
                            manager,
                            new Shape(config.r(), in),
                            1.0 / Math.sqrt(in),
                            new SplittableRandom(seed ^ module.hashCode())));
            tensors.put(loraB(module), manager.zeros(new Shape(out, config.r())));
        }
        for (String module : config.modulesToSave()) {
            for (String name : model.baseWeightNames()) {
                if (name.startsWith(module + ".")) {
                    tensors.put(name, model.weight(name).duplicate());
                }
            }
        }
        if (tensors.isEmpty()) {
            throw new IllegalArgumentException(
                    "LoRA target modules " + config.targetModules() + " match no projection");
        }
        return new LoraLayers(config, tensors);
    }

    public static String loraA(String module) {
        return module + ".lora_A.weight";
    }

    public static String loraB(String module) {
        return module + ".lora_B.weight";
    }

    public LoraConfig config() {
        return config;
    }

    /** Every adapter tensor by name; these are the parameters LoRA fine-tuning trains. */
    public Map<String, NDArray> tensors() {
        return Collections.unmodifiableMap(tensors);
    }

    /** The adapter as host tensors with its configuration, ready to save in PEFT layout or send as a delta. */
    public PeftAdapter toPeft() {
        return new PeftAdapter(config, HostArrays.toHost(tensors));
    }

    boolean adapts(String module) {
        return tensors.containsKey(loraA(module));
    }

    /** The adapter's copy of a base tensor listed in modules_to_save, or null. */
    NDArray override(String weightName) {
        return tensors.get(weightName);
    }

    /** The low-rank update's contribution to the output for input x. */
    NDArray delta(String module, NDArray x, boolean training) {
        NDArray in = training && config.dropout() > 0
                ? Dropout.dropout(x, (float) config.dropout(), true).singletonOrThrow()
                : x;
        NDArray low = TransformerOps.linear(in, tensors.get(loraA(module)), null);
        return TransformerOps.linear(low, tensors.get(loraB(module)), null).mul((float) config.scaling());
    }

    /** (alpha / r) · B · A, the change this adapter makes to the projection's weight. */
    NDArray weightDelta(String module) {
        return tensors.get(loraB(module)).matMul(tensors.get(loraA(module))).mul((float) config.scaling());
    }

    private static NDArray uniform(NDManager manager, Shape shape, double bound, SplittableRandom random) {
        float[] values = new float[Math.toIntExact(shape.size())];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) ((random.nextDouble() * 2 - 1) * bound);
        }
        return manager.create(values, shape);
    }

    @Override
    public void close() {
        tensors.values().forEach(NDArray::close);
    }
}

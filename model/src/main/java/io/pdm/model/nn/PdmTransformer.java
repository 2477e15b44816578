package io.pdm.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.core.Embedding;
import ai.djl.nn.norm.Dropout;
import io.pdm.model.lora.LoraConfig;
import io.pdm.model.lora.PeftAdapter;
import io.pdm.model.tensor.HostTensor;
import io.pdm.model.tensor.TensorDict;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * A Llama-style decoder (RMSNorm, rotary positions, SwiGLU, grouped-query causal attention) over a
 * sequence of projected sensor patches followed by text tokens, with RUL, class and next-token heads.
 * Weights live in a name → array map with Hugging Face's tensor names; an optional LoRA adapter adds
 * low-rank updates to the target projections and overrides the modules it saves.
 */
public final class PdmTransformer implements AutoCloseable {
    private static final float INIT_STD = 0.02f;

    private final TransformerShape shape;
    private final NDManager manager;
    private final Map<String, NDArray> weights;
    private final RotaryTable rotary;
    private LoraLayers lora;
    private boolean merged;

    private PdmTransformer(TransformerShape shape, NDManager manager, Map<String, NDArray> weights) {
        this.shape = shape;
        this.manager = manager;
        this.weights = weights;
        this.rotary = new RotaryTable(manager, shape.headDim(), shape.maxPositions(), shape.ropeTheta());
    }

    /** A freshly initialised model (normal(0, 0.02) weights as Hugging Face does, unit norms, zero biases). */
    public static PdmTransformer initialize(TransformerShape shape, NDManager parent, long seed) {
        NDManager manager = parent.newSubManager();
        Map<String, NDArray> weights = new TreeMap<>();
        expectedShapes(shape).forEach((name, s) -> {
            boolean isNorm = name.endsWith("norm.weight");
            boolean isBias = name.endsWith(".bias");
            float[] values = new float[Math.toIntExact(s.size())];
            if (isNorm) {
                java.util.Arrays.fill(values, 1f);
            } else if (!isBias) {
                SplittableRandom random = new SplittableRandom(seed * 31 + name.hashCode());
                for (int i = 0; i < values.length; i++) {
                    values[i] = (float) random.nextGaussian() * INIT_STD;
                }
            }
            weights.put(name, manager.create(values, s));
        });
        return new PdmTransformer(shape, manager, weights);
    }

    /**
     * A model from a checkpoint's tensors (Hugging Face names). Every tensor the configuration needs must
     * be present with its shape; extra tensors are not used (a tied checkpoint may still carry lm_head).
     */
    public static PdmTransformer fromTensors(TransformerShape shape, NDManager parent, TensorDict tensors) {
        Map<String, Shape> expected = expectedShapes(shape);
        for (Map.Entry<String, Shape> e : expected.entrySet()) {
            if (!tensors.contains(e.getKey())) {
                throw new IllegalArgumentException("checkpoint has no tensor " + e.getKey());
            }
            HostTensor t = tensors.get(e.getKey());
            if (!new Shape(t.shape()).equals(e.getValue())) {
                throw new IllegalArgumentException("tensor " + e.getKey() + " has shape " + new Shape(t.shape())
                        + ", the configuration expects " + e.getValue());
            }
        }
        NDManager manager = parent.newSubManager();
        Map<String, NDArray> weights = new TreeMap<>();
        expected.keySet().forEach(name -> weights.put(name, HostArrays.toDevice(manager, tensors.get(name))));
        return new PdmTransformer(shape, manager, weights);
    }

    /** Every tensor this configuration has, with its shape (Hugging Face layout: out × in). */
    public static Map<String, Shape> expectedShapes(TransformerShape s) {
        Map<String, Shape> shapes = new TreeMap<>();
        long h = s.hidden();
        long qOut = (long) s.heads() * s.headDim();
        long kvOut = (long) s.kvHeads() * s.headDim();
        for (int i = 0; i < s.layers(); i++) {
            shapes.put(LlamaNames.weight(LlamaNames.projection(i, "q_proj")), new Shape(qOut, h));
            shapes.put(LlamaNames.weight(LlamaNames.projection(i, "k_proj")), new Shape(kvOut, h));
            shapes.put(LlamaNames.weight(LlamaNames.projection(i, "v_proj")), new Shape(kvOut, h));
            shapes.put(LlamaNames.weight(LlamaNames.projection(i, "o_proj")), new Shape(h, qOut));
            shapes.put(LlamaNames.weight(LlamaNames.projection(i, "gate_proj")), new Shape(s.intermediate(), h));
            shapes.put(LlamaNames.weight(LlamaNames.projection(i, "up_proj")), new Shape(s.intermediate(), h));
            shapes.put(LlamaNames.weight(LlamaNames.projection(i, "down_proj")), new Shape(h, s.intermediate()));
            shapes.put(LlamaNames.inputNorm(i), new Shape(h));
            shapes.put(LlamaNames.postAttentionNorm(i), new Shape(h));
        }
        shapes.put(LlamaNames.FINAL_NORM, new Shape(h));
        if (s.hasText()) {
            shapes.put(LlamaNames.EMBED_TOKENS, new Shape(s.vocab(), h));
            if (!s.tiedEmbeddings()) {
                shapes.put(LlamaNames.LM_HEAD, new Shape(s.vocab(), h));
            }
        }
        if (s.hasSensors()) {
            shapes.put(LlamaNames.weight(LlamaNames.PATCH_PROJ), new Shape(h, (long) s.patchSize() * s.channels()));
            shapes.put(LlamaNames.bias(LlamaNames.PATCH_PROJ), new Shape(h));
            shapes.put(LlamaNames.weight(LlamaNames.RUL_HEAD), new Shape(1, h));
            shapes.put(LlamaNames.bias(LlamaNames.RUL_HEAD), new Shape(1));
            if (s.classes() > 0) {
                shapes.put(LlamaNames.weight(LlamaNames.CLASS_HEAD), new Shape(s.classes(), h));
                shapes.put(LlamaNames.bias(LlamaNames.CLASS_HEAD), new Shape(s.classes()));
            }
        }
        return shapes;
    }

    public TransformerShape shape() {
        return shape;
    }

    public NDManager manager() {
        return manager;
    }

    /** The base weights by Hugging Face name (not including an adapter). */
    public Map<String, NDArray> baseWeights() {
        return Collections.unmodifiableMap(weights);
    }

    List<String> baseWeightNames() {
        return new ArrayList<>(weights.keySet());
    }

    /** Names of every attention and MLP projection module. */
    public List<String> projectionModules() {
        List<String> modules = new ArrayList<>();
        for (int i = 0; i < shape.layers(); i++) {
            for (String p : LlamaNames.ATTENTION_PROJECTIONS) {
                modules.add(LlamaNames.projection(i, p));
            }
            for (String p : LlamaNames.MLP_PROJECTIONS) {
                modules.add(LlamaNames.projection(i, p));
            }
        }
        return modules;
    }

    /** The weight in effect: an adapter's saved copy when it has one, else the base weight. */
    NDArray weight(String name) {
        NDArray override = lora == null ? null : lora.override(name);
        return override != null ? override : weights.get(name);
    }

    /** Attaches a fresh LoRA adapter (replacing any previous one). */
    public LoraLayers attachLora(LoraConfig config, long seed) {
        return attach(LoraLayers.initialize(config, this, manager, seed));
    }

    /** Attaches a saved adapter; its tensors must match this model's modules and shapes exactly. */
    public LoraLayers attachLora(PeftAdapter adapter) {
        try (LoraLayers fresh = LoraLayers.initialize(adapter.config(), this, manager, 0)) {
            TensorDict expected = HostArrays.toHost(fresh.tensors());
            if (!adapter.weights().names().equals(expected.names())) {
                java.util.SortedSet<String> missing = new java.util.TreeSet<>(expected.names());
                missing.removeAll(adapter.weights().names());
                java.util.SortedSet<String> unknown =
                        new java.util.TreeSet<>(adapter.weights().names());
                unknown.removeAll(expected.names());
                throw new IllegalArgumentException(
                        "adapter does not fit this model: missing " + missing + ", unknown " + unknown);
            }
            for (String name : expected.names()) {
                long[] want = expected.get(name).shape();
                long[] got = adapter.weights().get(name).shape();
                if (!java.util.Arrays.equals(want, got)) {
                    throw new IllegalArgumentException("adapter tensor " + name + " has shape " + new Shape(got)
                            + ", the model expects " + new Shape(want));
                }
            }
        }
        Map<String, NDArray> loaded = new TreeMap<>();
        adapter.weights().asMap().forEach((name, t) -> loaded.put(name, HostArrays.toDevice(manager, t)));
        return attach(new LoraLayers(adapter.config(), loaded));
    }

    private LoraLayers attach(LoraLayers layers) {
        detachLora();
        lora = layers;
        return layers;
    }

    /**
     * Makes {@code next} (or none) the adapter in effect and hands back the one that was, without closing either:
     * one base in memory serves several adapters taken in turn (an ensemble of federated adapters). The caller owns
     * both and closes them. Refused while an adapter is merged into the base weights.
     */
    public LoraLayers swapLora(LoraLayers next) {
        if (merged) {
            throw new IllegalStateException("adapter merged into the base: unmerge it before swapping");
        }
        LoraLayers was = lora;
        lora = next;
        return was;
    }

    /** Removes the adapter (unmerging it first if merged). */
    public void detachLora() {
        if (lora != null) {
            if (merged) {
                unmergeLora();
            }
            lora.close();
            lora = null;
        }
    }

    public LoraLayers lora() {
        return lora;
    }

    /** Folds the adapter into the base weights: W ← W + (alpha/r)·B·A, so inference pays nothing extra. */
    public void mergeLora() {
        applyMerge(+1);
        merged = true;
    }

    /** Reverses {@link #mergeLora()} (exact up to float rounding). */
    public void unmergeLora() {
        applyMerge(-1);
        merged = false;
    }

    public boolean isMerged() {
        return merged;
    }

    private void applyMerge(int sign) {
        if (lora == null || merged == (sign > 0)) {
            throw new IllegalStateException(
                    lora == null ? "no adapter attached" : "adapter already " + (merged ? "merged" : "unmerged"));
        }
        for (String module : projectionModules()) {
            if (lora.adapts(module)) {
                NDArray w = weights.get(LlamaNames.weight(module));
                try (NDArray delta = lora.weightDelta(module)) {
                    NDArray updated = sign > 0 ? w.add(delta) : w.sub(delta);
                    weights.put(LlamaNames.weight(module), updated);
                    w.close();
                }
            }
        }
    }

    /**
     * The parameters training updates: the adapter's tensors when one is attached (the base stays
     * frozen), else every base weight.
     */
    public Map<String, NDArray> trainableParameters() {
        return lora != null ? lora.tensors() : baseWeights();
    }

    /**
     * One forward pass.
     *
     * @param sensors  (B, T, channels) normalised sensor window, T a multiple of the patch size; or null
     * @param tokens   (B, L) int64 token ids following the window; or null
     * @param cache    keys/values of earlier positions (generation), or null
     * @param training applies LoRA dropout
     */
    public ModelOutput forward(NDArray sensors, NDArray tokens, KvCache cache, boolean training) {
        List<NDArray> parts = new ArrayList<>(2);
        long patches = 0;
        if (sensors != null) {
            NDArray patchInput = patchify(sensors);
            patches = patchInput.getShape().get(1);
            parts.add(dropout(projectPatches(patchInput), training));
        }
        if (tokens != null) {
            parts.add(Embedding.embedding(tokens, weight(LlamaNames.EMBED_TOKENS), SparseFormat.DENSE)
                    .singletonOrThrow());
        }
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("a forward pass needs a sensor window, tokens or both");
        }
        NDArray x = parts.size() == 1 ? parts.get(0) : NDArrays.concat(new NDList(parts), 1);
        long offset = cache == null ? 0 : cache.length();
        for (int layer = 0; layer < shape.layers(); layer++) {
            x = decoderLayer(layer, x, offset, cache, training);
        }
        x = TransformerOps.rmsNorm(x, weight(LlamaNames.FINAL_NORM), shape.rmsEps());
        NDArray rul = null;
        NDArray classLogits = null;
        if (sensors != null) {
            // Causal attention: the last patch has seen the whole window, text never leaks into it.
            NDArray summary = x.get(new NDIndex(":, {}, :", patches - 1));
            rul = head(LlamaNames.RUL_HEAD, summary).squeeze(-1);
            if (shape.classes() > 0) {
                classLogits = head(LlamaNames.CLASS_HEAD, summary);
            }
        }
        NDArray tokenLogits = null;
        if (tokens != null) {
            NDArray text = patches == 0 ? x : x.get(new NDIndex(":, {}:, :", patches));
            NDArray lmHead = shape.tiedEmbeddings() ? weight(LlamaNames.EMBED_TOKENS) : weight(LlamaNames.LM_HEAD);
            tokenLogits = TransformerOps.linear(text, lmHead, null);
        }
        return new ModelOutput(rul, classLogits, tokenLogits);
    }

    /** (B, T, C) → (B, T/P, P·C): consecutive cycles form one patch. */
    private NDArray patchify(NDArray sensors) {
        Shape s = sensors.getShape();
        if (s.dimension() != 3 || s.get(2) != shape.channels() || s.get(1) % shape.patchSize() != 0) {
            throw new IllegalArgumentException(
                    "sensor window " + s + " must be (batch, k·" + shape.patchSize() + ", " + shape.channels() + ")");
        }
        return sensors.toType(DataType.FLOAT32, false)
                .reshape(s.get(0), s.get(1) / shape.patchSize(), (long) shape.patchSize() * shape.channels());
    }

    private NDArray projectPatches(NDArray patches) {
        return head(LlamaNames.PATCH_PROJ, patches);
    }

    private NDArray head(String module, NDArray x) {
        return TransformerOps.linear(x, weight(LlamaNames.weight(module)), weight(LlamaNames.bias(module)));
    }

    private NDArray decoderLayer(int layer, NDArray x, long offset, KvCache cache, boolean training) {
        NDArray attn = attention(
                layer,
                TransformerOps.rmsNorm(x, weight(LlamaNames.inputNorm(layer)), shape.rmsEps()),
                offset,
                cache,
                training);
        NDArray h = x.add(dropout(attn, training));
        NDArray normed = TransformerOps.rmsNorm(h, weight(LlamaNames.postAttentionNorm(layer)), shape.rmsEps());
        NDArray mlp = project(
                layer,
                "down_proj",
                TransformerOps.swiGlu(
                        project(layer, "gate_proj", normed, training), project(layer, "up_proj", normed, training)),
                training);
        return h.add(dropout(mlp, training));
    }

    private NDArray dropout(NDArray x, boolean training) {
        return training && shape.dropout() > 0
                ? Dropout.dropout(x, shape.dropout(), true).singletonOrThrow()
                : x;
    }

    private NDArray attention(int layer, NDArray x, long offset, KvCache cache, boolean training) {
        long batch = x.getShape().get(0);
        long length = x.getShape().get(1);
        NDArray q = heads(project(layer, "q_proj", x, training), batch, length, shape.heads());
        NDArray k = heads(project(layer, "k_proj", x, training), batch, length, shape.kvHeads());
        NDArray v = heads(project(layer, "v_proj", x, training), batch, length, shape.kvHeads());
        q = rotary.apply(q, offset);
        k = rotary.apply(k, offset);
        if (cache != null) {
            NDArray[] kv = cache.append(layer, k, v);
            k = kv[0];
            v = kv[1];
        }
        NDArray o = TransformerOps.causalAttention(
                q, TransformerOps.repeatKv(k, shape.kvGroups()), TransformerOps.repeatKv(v, shape.kvGroups()));
        o = o.transpose(0, 2, 1, 3).reshape(batch, length, (long) shape.heads() * shape.headDim());
        return project(layer, "o_proj", o, training);
    }

    /** (B, S, H·D) → (B, H, S, D). */
    private NDArray heads(NDArray x, long batch, long length, int heads) {
        return x.reshape(batch, length, heads, shape.headDim()).transpose(0, 2, 1, 3);
    }

    private NDArray project(int layer, String projection, NDArray x, boolean training) {
        String module = LlamaNames.projection(layer, projection);
        NDArray y = TransformerOps.linear(x, weights.get(LlamaNames.weight(module)), null);
        if (lora != null && !merged && lora.adapts(module)) {
            y = y.add(lora.delta(module, x, training));
        }
        return y;
    }

    @Override
    public void close() {
        detachLora();
        rotary.close();
        manager.close();
    }
}

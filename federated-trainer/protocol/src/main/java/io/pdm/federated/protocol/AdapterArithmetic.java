package io.pdm.federated.protocol;

import io.pdm.model.io.HuggingFaceJson;
import io.pdm.model.io.Safetensors;
import io.pdm.model.io.SafetensorsFile;
import io.pdm.model.io.SafetensorsFormatException;
import io.pdm.model.lora.LoraConfig;
import io.pdm.model.lora.PeftAdapter;
import io.pdm.model.tensor.TensorDict;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * Between stored bytes and tensors: adapters and deltas travel and are stored as safetensors with PEFT tensor
 * names ({@code base_model.model.…}); the aggregator computes on them under those names, flattened in name
 * order for the aggregation rules and for secure aggregation.
 */
public final class AdapterArithmetic {

    /** What PEFT writes in adapter_model.safetensors' metadata; kept so PEFT/transformers load our files. */
    public static final Map<String, String> PEFT_METADATA = Map.of("format", "pt");

    private AdapterArithmetic() {}

    /** Version 0 from a seed adapter (weights under the model's names, as {@link PeftAdapter} holds them). */
    public static PublishedAdapter seedVersion(PeftAdapter seed, String baseModelHash, java.time.Instant publishedAt) {
        return new PublishedAdapter(
                AdapterLineage.seed(baseModelHash, publishedAt),
                configJson(seed.config()),
                Safetensors.encode(peftNamed(seed.weights()), PEFT_METADATA));
    }

    public static TensorDict peftNamed(TensorDict modelNamed) {
        return modelNamed.renamed(name -> PeftAdapter.PEFT_PREFIX + name);
    }

    public static TensorDict modelNamed(TensorDict peftNamed) {
        return peftNamed.renamed(name -> {
            if (!name.startsWith(PeftAdapter.PEFT_PREFIX)) {
                throw new IllegalArgumentException(
                        "tensor '" + name + "' lacks the PEFT prefix " + PeftAdapter.PEFT_PREFIX);
            }
            return name.substring(PeftAdapter.PEFT_PREFIX.length());
        });
    }

    /** The adapter as {@link PeftAdapter} (model names), e.g. for local training. */
    public static PeftAdapter toPeftAdapter(PublishedAdapter adapter) {
        return new PeftAdapter(config(adapter), modelNamed(weights(adapter)));
    }

    /** The version's weights under PEFT names. Stored versions were validated when published, so no limit applies. */
    public static TensorDict weights(PublishedAdapter adapter) {
        return decode(adapter.weights(), Long.MAX_VALUE).tensors();
    }

    /**
     * Parses an adapter or a delta upload, float32 whatever its wire type: F16/BF16 are up-cast, and an
     * {@link Int8Deltas int8-per-tensor} delta is dequantised with its scales.
     */
    public static SafetensorsFile decode(byte[] safetensors, long maxBytes) {
        try {
            SafetensorsFile file = Safetensors.decode(safetensors, maxBytes);
            return new SafetensorsFile(Int8Deltas.dequantise(file, safetensors), file.metadata());
        } catch (SafetensorsFormatException e) {
            throw new IllegalArgumentException("not valid safetensors: " + e.getMessage(), e);
        }
    }

    public static LoraConfig config(PublishedAdapter adapter) {
        try {
            return HuggingFaceJson.mapper().readValue(adapter.adapterConfigJson(), LoraConfig.class);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "stored adapter_config.json of version " + adapter.version() + " is unreadable", e);
        }
    }

    public static String configJson(LoraConfig config) {
        try {
            return HuggingFaceJson.toJson(config);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

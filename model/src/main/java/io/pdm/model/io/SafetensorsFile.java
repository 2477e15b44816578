package io.pdm.model.io;

import io.pdm.model.tensor.TensorDict;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The content of a safetensors file.
 *
 * @param tensors  the tensors, converted to float32
 * @param metadata the free-form {@code __metadata__} strings (empty when absent); an unmodifiable
 *                 copy that iterates in key order
 */
public record SafetensorsFile(TensorDict tensors, Map<String, String> metadata) {

    public SafetensorsFile {
        metadata = Collections.unmodifiableSortedMap(new TreeMap<>(metadata));
    }
}

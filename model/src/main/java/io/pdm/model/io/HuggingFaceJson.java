package io.pdm.model.io;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The one Jackson configuration for Hugging Face JSON files ({@code config.json},
 * {@code adapter_config.json}). Writes them as transformers and PEFT do ({@code json.dumps} with
 * {@code indent=2, sort_keys=True}), so files we rewrite diff cleanly against the originals.
 */
public final class HuggingFaceJson {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();
    private static final ObjectWriter PYTHON_STYLE = MAPPER.writer(new DefaultPrettyPrinter()
            .withObjectIndenter(new DefaultIndenter("  ", "\n"))
            .withArrayIndenter(new DefaultIndenter("  ", "\n"))
            .withSeparators(Separators.createDefaultInstance()
                    .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                    .withObjectEmptySeparator("")
                    .withArrayEmptySeparator("")));

    private HuggingFaceJson() {}

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static <T> T read(Path file, Class<T> type) throws IOException {
        return MAPPER.readValue(file.toFile(), type);
    }

    /** Writes {@code value} with all keys sorted, nested ones and any-getter ones included. */
    public static void write(Path file, Object value) throws IOException {
        Files.writeString(file, toJson(value) + "\n", StandardCharsets.UTF_8);
    }

    public static String toJson(Object value) throws IOException {
        // Through a map: ORDER_MAP_ENTRIES_BY_KEYS sorts maps, not a record's properties.
        return PYTHON_STYLE.writeValueAsString(MAPPER.convertValue(value, TreeMap.class));
    }

    /**
     * A deep unmodifiable copy of JSON-like data (maps, lists, scalars) that keeps nulls, which
     * {@code Map.copyOf} rejects but configs contain ({@code "rope_scaling": null}).
     */
    public static Map<String, Object> freeze(Map<String, ?> map) {
        TreeMap<String, Object> copy = new TreeMap<>();
        map.forEach((key, value) -> copy.put(key, freezeValue(value)));
        return Collections.unmodifiableMap(copy);
    }

    @SuppressWarnings("unchecked")
    private static Object freezeValue(Object value) {
        if (value instanceof Map<?, ?> map) {
            return freeze((Map<String, ?>) map);
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            list.forEach(element -> copy.add(freezeValue(element)));
            return Collections.unmodifiableList(copy);
        }
        return value;
    }
}

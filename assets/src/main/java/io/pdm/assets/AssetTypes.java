package io.pdm.assets;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** Reads asset-type files (.json, .yaml, .yml) and the types shipped with the platform. */
public final class AssetTypes {
    /** The types shipped in {@code asset-types/} on the classpath. */
    public static final List<String> BUILT_IN = List.of("cmapss-turbofan", "pump-set", "pump-set-field");

    static final ObjectMapper JSON = configure(JsonMapper.builder().build());
    static final ObjectMapper YAML = configure(new YAMLMapper());

    private AssetTypes() {}

    private static ObjectMapper configure(ObjectMapper mapper) {
        return mapper.setSerializationInclusion(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
                // a step count written as 2.5 is an error, not silently 2
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .enable(SerializationFeature.INDENT_OUTPUT);
    }

    /** Reads one type file; the format follows the extension (.json, .yaml or .yml). */
    public static AssetType load(Path file) throws IOException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new AssetTypeException(file.toString(), "", "no such file");
        }
        return parse(text, file.toString(), isYaml(file));
    }

    /** One of {@link #BUILT_IN}. */
    public static AssetType builtIn(String id) throws IOException {
        String resource = "asset-types/" + id + ".json";
        try (InputStream in = AssetTypes.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new AssetTypeException(resource, "", "no built-in asset type '" + id + "'; known: " + BUILT_IN);
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "classpath:" + resource, false);
        }
    }

    /** Parses a document; {@code source} names it in errors. */
    public static AssetType parse(String text, String source, boolean yaml) throws AssetTypeException {
        return read(text, source, yaml, AssetType.class);
    }

    /** Writes a type as JSON (the canonical form). */
    public static String toJson(AssetType type) {
        try {
            return JSON.writeValueAsString(type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise asset type " + type.id(), e);
        }
    }

    static boolean isYaml(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".yaml") || name.endsWith(".yml");
    }

    static <T> T read(String text, String source, boolean yaml, Class<T> type) throws AssetTypeException {
        try {
            T value = (yaml ? YAML : JSON).readValue(text, type);
            if (value == null) {
                throw new AssetTypeException(source, "", "empty document");
            }
            return value;
        } catch (JsonMappingException e) {
            throw describe(source, e);
        } catch (JsonProcessingException e) {
            throw new AssetTypeException(
                    source,
                    "",
                    "not " + (yaml ? "YAML" : "JSON") + ": " + e.getOriginalMessage() + " at line "
                            + (e.getLocation() == null ? "?" : e.getLocation().getLineNr()));
        }
    }

    /** The JSON pointer of the value that failed, and the reason without Jackson's source dump. */
    private static AssetTypeException describe(String source, JsonMappingException e) {
        StringBuilder pointer = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            pointer.append('/')
                    .append(ref.getFieldName() != null ? escape(ref.getFieldName()) : String.valueOf(ref.getIndex()));
        }
        Throwable cause = e.getCause();
        String reason = e.getOriginalMessage();
        if (cause instanceof InvalidFieldException invalid) {
            pointer.append(invalid.pointer());
            reason = invalid.reason();
        } else if (cause instanceof IllegalArgumentException) {
            reason = cause.getMessage();
        } else if (e instanceof com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException u) {
            reason = "unknown property '" + u.getPropertyName() + "'";
        }
        return new AssetTypeException(source, pointer.toString(), reason);
    }

    private static String escape(String field) {
        return field.replace("~", "~0").replace("/", "~1");
    }
}

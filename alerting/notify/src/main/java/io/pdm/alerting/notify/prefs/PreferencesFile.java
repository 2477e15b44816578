package io.pdm.alerting.notify.prefs;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.util.Locale;

/**
 * Reads a notification preferences file, YAML ({@code .yaml}, {@code .yml}) or JSON, schema
 * {@code https://pdm.example/schemas/notification-preferences/v1}. Every error names the file and the JSON pointer of
 * the offending value ({@link PreferencesException}); unknown properties are errors, so a misspelt
 * {@code quietHour} is not silently ignored.
 */
public final class PreferencesFile {
    static final ObjectMapper JSON = configure(JsonMapper.builder().build());
    static final ObjectMapper YAML = configure(new YAMLMapper());

    private PreferencesFile() {}

    private static ObjectMapper configure(ObjectMapper mapper) {
        return mapper.registerModule(new JavaTimeModule())
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                // a second `escalation:` or `users:` would otherwise silently replace the first
                .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    }

    /** Reads one file; the format follows the extension ({@code .yaml}/{@code .yml} or JSON). */
    public static NotificationPreferences load(Path file) throws IOException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new PreferencesException(file.toString(), "", "no such file");
        }
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return parse(text, file.toString(), name.endsWith(".yaml") || name.endsWith(".yml"));
    }

    /** Parses a document; {@code source} names it in errors. */
    public static NotificationPreferences parse(String text, String source, boolean yaml) throws PreferencesException {
        try {
            NotificationPreferences value = (yaml ? YAML : JSON).readValue(text, NotificationPreferences.class);
            if (value == null) throw new PreferencesException(source, "", "empty document");
            return value;
        } catch (JsonMappingException e) {
            throw describe(source, e);
        } catch (JsonProcessingException e) {
            throw new PreferencesException(
                    source,
                    "",
                    "not " + (yaml ? "YAML" : "JSON") + ": " + e.getOriginalMessage() + " at line "
                            + (e.getLocation() == null ? "?" : e.getLocation().getLineNr()));
        }
    }

    /** The JSON pointer of the value that failed, and the reason without Jackson's source dump. */
    private static PreferencesException describe(String source, JsonMappingException e) {
        StringBuilder pointer = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            pointer.append('/')
                    .append(
                            ref.getFieldName() != null
                                    ? ref.getFieldName().replace("~", "~0").replace("/", "~1")
                                    : String.valueOf(ref.getIndex()));
        }
        Throwable cause = e.getCause();
        String reason = e.getOriginalMessage();
        if (cause instanceof InvalidFieldException invalid) {
            pointer.append(invalid.pointer());
            reason = invalid.reason();
        } else if (cause instanceof IllegalArgumentException || cause instanceof DateTimeException) {
            reason = cause.getMessage();
        } else if (e instanceof UnrecognizedPropertyException u) {
            reason = "unknown property '" + u.getPropertyName() + "'";
        }
        return new PreferencesException(source, pointer.toString(), reason);
    }
}

package io.pdm.schemas.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion.VersionFlag;
import com.networknt.schema.SpecVersionDetector;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.regex.RegularExpression;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Validates JSON against the contract files in {@code schemas/src/main/resources/json} with a real JSON Schema
 * validator (networknt), for tests of any module (published in pdm-schemas' test-jar).
 *
 * <p>A schema is named by its path under {@code json/} without {@code .schema.json}, optionally with a JSON
 * pointer: {@code "telemetry-snapshot"}, {@code "federated/problem"},
 * {@code "federated/secure-aggregation#/$defs/advertisedKeys"}.
 *
 * <p>The validator follows the draft each file declares in {@code $schema} (a file without one is refused),
 * with two choices made on purpose:
 * <ul>
 *   <li>{@code format} is asserted, not only annotated (the 2019-09+ default), since ingest enforces
 *       {@code date-time} and device makers read it as a rule;</li>
 *   <li>{@code pattern} is matched with ECMA-262's end anchor: java.util.regex's {@code $} (which networknt uses,
 *       and its Joni option alike) also matches before a final line break, so {@code "temp\n"} would pass
 *       {@code ^[A-Za-z0-9_.-]{1,64}$}.</li>
 * </ul>
 * Known departures of networknt's {@code date-time} check (ethlo ITU) from RFC 3339: it takes a space for
 * {@code T} and refuses the {@code -00:00} offset and fractions of more than 9 digits.
 *
 * <p>Every file declares an absolute {@code $id} ({@code https://pdm.example/schemas/{mqtt|federated}/{name}/v{N}})
 * and a {@code $ref} to another file names that file's {@code $id}, never a relative path, so a reader that fetched
 * one file alone still knows what each reference means. Here such ids are read from the classpath, never fetched:
 * {@code …/mqtt/{name}/v{N}} is {@code json/{name}.schema.json} and {@code …/federated/{name}/v{N}} is
 * {@code json/federated/{name}.schema.json} (networknt's {@code schemaMappers}), so validation works offline.
 */
public final class ContractSchemas {
    /** {@code https://pdm.example/schemas/{mqtt|federated}/{name}/v{N}}; only v1 exists so far, one file each. */
    private static final Pattern OWN_ID =
            Pattern.compile("https://pdm\\.example/schemas/(?:(mqtt|federated)/)?([a-z0-9-]+)/v(\\d+)");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SchemaValidatorsConfig CONFIG = SchemaValidatorsConfig.builder()
            .formatAssertionsEnabled(true)
            .regularExpressionFactory(ContractSchemas::ecmaRegex)
            .locale(Locale.ROOT)
            .pathType(PathType.JSON_POINTER) // JSON_PATH throws on an empty property name
            .build();
    private static final Map<VersionFlag, JsonSchemaFactory> FACTORIES = new ConcurrentHashMap<>();
    private static final Map<String, JsonSchema> SCHEMAS = new ConcurrentHashMap<>();

    private ContractSchemas() {}

    /** The validation messages for {@code json} (empty when valid), sorted; throws when it is not JSON. */
    public static List<String> validate(String schema, String json) {
        JsonNode node;
        try {
            node = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON, so no schema question: " + json, e);
        }
        return validate(schema, node);
    }

    /**
     * The validation messages for {@code json} (empty when valid), sorted, each after the JSON pointer of the
     * offending value: {@code "/values/t: string found, number expected"}, {@code "(root): required property 'ts' not found"}.
     */
    public static List<String> validate(String schema, JsonNode json) {
        return SCHEMAS.computeIfAbsent(schema, ContractSchemas::load).validate(json).stream()
                .map(ContractSchemas::describe)
                .sorted()
                .toList();
    }

    private static String describe(ValidationMessage m) {
        String at = m.getInstanceLocation().toString(), message = m.getMessage();
        String text = message.startsWith(at + ": ") ? message.substring(at.length() + 2) : message;
        return (at.isEmpty() ? "(root)" : at) + ": " + text;
    }

    /**
     * JSON pointers into the schema file of the constraints {@code json} breaks, e.g. {@code /properties/ts/format}
     * or {@code /required}: with {@link #constraints}, lets a test show its corpus breaks every constraint.
     */
    public static Set<String> violatedConstraints(String schema, JsonNode json) {
        Set<String> pointers = new TreeSet<>();
        for (ValidationMessage m :
                SCHEMAS.computeIfAbsent(schema, ContractSchemas::load).validate(json)) {
            String location = m.getSchemaLocation().toString();
            pointers.add(location.substring(location.indexOf('#') + 1));
        }
        return pointers;
    }

    /**
     * JSON pointers of the assertions in {@code json/{file}.schema.json}, as {@link #violatedConstraints} names
     * them: applicators ({@code properties}, {@code items}, an {@code additionalProperties} schema) are walked
     * into, {@code propertyNames} counts as one constraint (its inner failure is reported there) and
     * annotations are left out.
     */
    public static Set<String> constraints(String file) {
        Set<String> pointers = new TreeSet<>();
        collect(read("json/" + file + ".schema.json"), "", pointers);
        return pointers;
    }

    private static void collect(JsonNode schema, String at, Set<String> out) {
        schema.fields().forEachRemaining(e -> {
            String key = e.getKey(), here = at + "/" + key;
            JsonNode value = e.getValue();
            switch (key) {
                case "$schema", "$id", "$defs", "title", "description", "examples", "default" -> {}
                case "properties" ->
                    value.fields().forEachRemaining(p -> collect(p.getValue(), here + "/" + p.getKey(), out));
                case "items" -> collect(value, here, out);
                case "additionalProperties" -> {
                    if (value.isObject()) collect(value, here, out);
                    else out.add(here);
                }
                default -> out.add(here);
            }
        });
    }

    /** The {@code $schema} draft that {@code json/{file}.schema.json} declares. */
    public static VersionFlag draftOf(String file) {
        return SpecVersionDetector.detect(read("json/" + file + ".schema.json")); // throws without $schema
    }

    private static JsonSchema load(String schema) {
        int hash = schema.indexOf('#');
        String file = hash < 0 ? schema : schema.substring(0, hash);
        String pointer = hash < 0 ? "" : schema.substring(hash);
        JsonSchemaFactory factory = FACTORIES.computeIfAbsent(
                draftOf(file),
                draft -> JsonSchemaFactory.getInstance(
                        draft, b -> b.schemaMappers(m -> m.mappings(ContractSchemas::classpathIri))));
        JsonSchema loaded =
                factory.getSchema(SchemaLocation.of("classpath:json/" + file + ".schema.json" + pointer), CONFIG);
        loaded.initializeValidators(); // an unresolvable $ref fails here, not on the first payload that reaches it
        return loaded;
    }

    /**
     * Maps one of our {@code $id}s to its classpath resource; null leaves any other IRI to the validator's default
     * (which then fails to load it, so a mistyped id is an error, not a network fetch of pdm.example).
     */
    static String classpathIri(String iri) {
        Matcher id = OWN_ID.matcher(iri);
        if (!id.matches()) return null;
        String dir = "federated".equals(id.group(1)) ? "federated/" : "";
        return "classpath:json/" + dir + id.group(2) + ".schema.json";
    }

    /** java.util.regex, but a final unescaped {@code $} matches only at the very end, as in ECMA-262. */
    static RegularExpression ecmaRegex(String regex) {
        int backslashes = 0;
        for (int i = regex.length() - 2; i >= 0 && regex.charAt(i) == '\\'; i--) backslashes++;
        String java =
                regex.endsWith("$") && backslashes % 2 == 0 ? regex.substring(0, regex.length() - 1) + "\\z" : regex;
        Pattern pattern = Pattern.compile(java);
        return value -> pattern.matcher(value).find(); // JSON Schema patterns are unanchored
    }

    private static JsonNode read(String resource) {
        try (InputStream in = ContractSchemas.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) throw new IllegalArgumentException("no schema " + resource + " on the classpath");
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

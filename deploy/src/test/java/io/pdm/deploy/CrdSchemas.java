package io.pdm.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion.VersionFlag;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * JSON Schemas of the custom resources, from the published CRDs in ../shared/k8s-crds: one per served
 * {@code group/version} and kind, e.g. {@code kafka.strimzi.io/v1 Kafka}. OpenAPI v3.0's keywords are draft 4's.
 */
final class CrdSchemas {
    private static final SchemaValidatorsConfig CONFIG = SchemaValidatorsConfig.builder()
            .locale(Locale.ROOT)
            .pathType(PathType.JSON_POINTER)
            .build();
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(VersionFlag.V4);

    private final Map<String, JsonSchema> schemas;

    private CrdSchemas(Map<String, JsonSchema> schemas) {
        this.schemas = schemas;
    }

    static CrdSchemas load(Path dir) {
        Map<String, JsonSchema> schemas = new TreeMap<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(p -> p.toString().matches(".*\\.ya?ml$")).toList()) {
                for (JsonNode crd : Yaml.documents(f)) {
                    if (!"CustomResourceDefinition".equals(crd.path("kind").asText())) continue;
                    String group = crd.path("spec").path("group").asText();
                    String kind = crd.path("spec").path("names").path("kind").asText();
                    for (JsonNode version : crd.path("spec").path("versions")) {
                        if (!version.path("served").asBoolean(false)) continue;
                        JsonSchema schema = FACTORY.getSchema(
                                StructuralSchemas.toJsonSchema(
                                        version.path("schema").path("openAPIV3Schema")),
                                CONFIG);
                        schemas.put(key(group + "/" + version.path("name").asText(), kind), schema);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new CrdSchemas(schemas);
    }

    static String key(String apiVersion, String kind) {
        return apiVersion + " " + kind;
    }

    boolean knows(String apiVersion, String kind) {
        return schemas.containsKey(key(apiVersion, kind));
    }

    /** What is wrong with {@code object} against its CRD's schema, each message after its JSON pointer. */
    List<String> validate(JsonNode object) {
        String apiVersion = object.path("apiVersion").asText();
        String kind = object.path("kind").asText();
        JsonSchema schema = schemas.get(key(apiVersion, kind));
        if (schema == null) {
            return List.of(
                    "no served CRD version for " + key(apiVersion, kind) + " (served: " + schemas.keySet() + ")");
        }
        return schema.validate(object).stream()
                .map(m -> {
                    String at = m.getInstanceLocation().toString();
                    return (at.isEmpty() ? "(root)" : at) + ": " + m.getMessage();
                })
                .sorted()
                .toList();
    }

    java.util.Set<String> kinds() {
        return schemas.keySet();
    }
}

package io.pdm.federated.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Iterator;

/**
 * A light check of a message against its JSON Schema in schemas/json/federated (as the schemas module's own tests
 * do): every required field present, every field present declared.
 */
public final class SchemaCheck {

    private SchemaCheck() {
    }

    /** @param definition a {@code $defs} entry, or null for the schema's top level */
    public static void assertMatches(Object message, String schemaName, String definition) {
        assertMatches(FlJson.mapper().valueToTree(message), schemaName, definition);
    }

    public static void assertMatches(JsonNode json, String schemaName, String definition) {
        JsonNode schema = load(schemaName);
        if (definition != null) {
            schema = schema.path("$defs").path(definition);
            assertThat(schema.isMissingNode()).as("%s defines %s", schemaName, definition).isFalse();
        }
        for (JsonNode required : schema.path("required")) {
            assertThat(json.has(required.asText())).as("%s has %s", schemaName, required.asText()).isTrue();
        }
        for (Iterator<String> fields = json.fieldNames(); fields.hasNext(); ) {
            String field = fields.next();
            boolean open = schema.path("additionalProperties").isObject();
            assertThat(open || schema.path("properties").has(field)).as("%s declares %s", schemaName, field).isTrue();
        }
    }

    private static JsonNode load(String schemaName) {
        String resource = "/json/federated/" + schemaName + ".schema.json";
        try (InputStream in = SchemaCheck.class.getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            return FlJson.mapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

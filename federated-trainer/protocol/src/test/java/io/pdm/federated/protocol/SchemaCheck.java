package io.pdm.federated.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.pdm.schemas.testing.ContractSchemas;

/** A message as {@link FlJson} writes it, validated against its JSON Schema in schemas/json/federated. */
public final class SchemaCheck {

    private SchemaCheck() {}

    /** @param definition a {@code $defs} entry, or null for the schema's top level */
    public static void assertMatches(Object message, String schemaName, String definition) {
        assertMatches(FlJson.mapper().valueToTree(message), schemaName, definition);
    }

    public static void assertMatches(JsonNode json, String schemaName, String definition) {
        String schema = "federated/" + schemaName + (definition == null ? "" : "#/$defs/" + definition);
        assertThat(ContractSchemas.validate(schema, json))
                .as("%s: %s", schema, json)
                .isEmpty();
    }
}

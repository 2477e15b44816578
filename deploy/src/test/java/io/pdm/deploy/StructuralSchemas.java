package io.pdm.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.List;

/**
 * A CRD's {@code openAPIV3Schema} (Kubernetes' structural OpenAPI v3 subset) as a JSON Schema that refuses what the
 * API server would prune or refuse:
 *
 * <ul>
 *   <li>an object with {@code properties} and without {@code x-kubernetes-preserve-unknown-fields: true} allows no
 *       other field ({@code additionalProperties: false}): the API server prunes unknown fields silently, which is how
 *       a typo in a manifest goes unnoticed, so here it is an error;
 *   <li>{@code x-kubernetes-int-or-string: true} is an integer or a string;
 *   <li>{@code nullable: true} admits {@code null};
 *   <li>{@code x-kubernetes-embedded-resource: true} also admits apiVersion, kind and metadata;
 *   <li>{@code format} is dropped (Kubernetes' formats such as {@code int-or-string} or {@code byte} are not JSON
 *       Schema's), and so are the other {@code x-kubernetes-*} extensions, which JSON Schema does not know.
 * </ul>
 */
final class StructuralSchemas {
    private StructuralSchemas() {}

    static ObjectNode toJsonSchema(JsonNode openApi) {
        ObjectNode s = openApi.deepCopy();
        // The API server always accepts these at the root, whether the CRD's schema lists them or not.
        if (s.has("properties")) {
            ObjectNode props = (ObjectNode) s.get("properties");
            if (!props.has("apiVersion")) props.putObject("apiVersion").put("type", "string");
            if (!props.has("kind")) props.putObject("kind").put("type", "string");
            if (!props.has("metadata")) props.putObject("metadata").put("type", "object");
        }
        convert(s, true);
        return s;
    }

    /**
     * {@code closed}: whether objects here refuse unknown fields. Not inside anyOf/allOf/oneOf/not: in a structural
     * schema those only add value checks (e.g. "one of these two fields is required") on fields declared outside.
     */
    private static void convert(ObjectNode s, boolean closed) {
        boolean preserveUnknown = s.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
        if (s.path("x-kubernetes-int-or-string").asBoolean(false)) {
            s.remove("type");
            if (!s.has("anyOf")) {
                ArrayNode any = s.putArray("anyOf");
                any.addObject().put("type", "integer");
                any.addObject().put("type", "string");
            }
        }
        if (s.path("nullable").asBoolean(false)
                && s.has("type")
                && s.get("type").isTextual()) {
            String type = s.get("type").asText();
            s.putArray("type").add(type).add("null");
        }
        if (s.path("x-kubernetes-embedded-resource").asBoolean(false) && s.has("properties")) {
            ObjectNode props = (ObjectNode) s.get("properties");
            if (!props.has("apiVersion")) props.putObject("apiVersion").put("type", "string");
            if (!props.has("kind")) props.putObject("kind").put("type", "string");
            if (!props.has("metadata")) props.putObject("metadata").put("type", "object");
        }
        s.remove("nullable");
        s.remove("format");
        s.remove("example"); // OpenAPI's, not JSON Schema's: documentation only
        for (Iterator<String> it = s.fieldNames(); it.hasNext(); ) {
            if (it.next().startsWith("x-kubernetes-")) it.remove();
        }
        if (s.has("properties")) {
            s.get("properties").fields().forEachRemaining(e -> convertChild(e.getValue(), closed));
            if (closed && !preserveUnknown && !s.has("additionalProperties")) s.put("additionalProperties", false);
        }
        for (String key : List.of("items", "additionalProperties")) {
            if (s.has(key)) convertChild(s.get(key), closed);
        }
        if (s.has("not")) convertChild(s.get("not"), false);
        for (String key : List.of("anyOf", "allOf", "oneOf")) {
            if (s.has(key)) s.get(key).forEach(branch -> convertChild(branch, false));
        }
    }

    private static void convertChild(JsonNode node, boolean closed) {
        if (node instanceof ObjectNode o) convert(o, closed);
    }
}

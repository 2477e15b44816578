package io.pdm.deploy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.AnnotatedMethod;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.List;
import java.util.Map;

/**
 * Reads core Kubernetes objects into fabric8's model with every unknown field an error. fabric8's classes collect
 * unknown fields in an "additionalProperties" map (@JsonAnySetter), so Jackson's FAIL_ON_UNKNOWN_PROPERTIES never
 * fires; this mapper ignores those any-setters, so a misspelt field fails to bind, naming the field and its path.
 */
final class StrictKubernetes {
    static final Map<String, Class<?>> CORE_KINDS = Map.ofEntries(
            Map.entry("v1 Namespace", Namespace.class),
            Map.entry("v1 ConfigMap", ConfigMap.class),
            Map.entry("v1 Secret", Secret.class),
            Map.entry("v1 Service", Service.class),
            Map.entry("v1 ServiceAccount", ServiceAccount.class),
            Map.entry("v1 PersistentVolumeClaim", PersistentVolumeClaim.class),
            Map.entry("apps/v1 Deployment", Deployment.class),
            Map.entry("apps/v1 StatefulSet", StatefulSet.class),
            Map.entry("policy/v1 PodDisruptionBudget", PodDisruptionBudget.class),
            Map.entry("networking.k8s.io/v1 NetworkPolicy", NetworkPolicy.class),
            Map.entry("networking.k8s.io/v1 Ingress", Ingress.class), // k8s/examples/inbox-ingress.yaml
            Map.entry("autoscaling/v2 HorizontalPodAutoscaler", HorizontalPodAutoscaler.class));

    private static final ObjectMapper STRICT = new ObjectMapper()
            .setAnnotationIntrospector(new JacksonAnnotationIntrospector() {
                @Override
                public Boolean hasAnySetter(Annotated a) {
                    return Boolean.FALSE;
                }

                @Override
                @SuppressWarnings("deprecation")
                public boolean hasAnySetterAnnotation(AnnotatedMethod am) {
                    return false;
                }
            })
            .registerModule(new com.fasterxml.jackson.databind.module.SimpleModule()
                    .addDeserializer(Quantity.class, new QuantityDeserializer()))
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);

    private StrictKubernetes() {}

    /** A quantity as the API server reads it: {@code cpu: 1} (a number) or {@code memory: 1Gi} (a string). */
    private static final class QuantityDeserializer
            extends com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer<Quantity> {
        QuantityDeserializer() {
            super(Quantity.class);
        }

        @Override
        public Quantity deserialize(
                com.fasterxml.jackson.core.JsonParser p, com.fasterxml.jackson.databind.DeserializationContext ctxt)
                throws java.io.IOException {
            if (p.currentToken().isNumeric() || p.currentToken() == com.fasterxml.jackson.core.JsonToken.VALUE_STRING) {
                return new Quantity(p.getText());
            }
            return (Quantity) ctxt.handleUnexpectedToken(Quantity.class, p);
        }
    }

    static boolean isCore(JsonNode object) {
        return CORE_KINDS.containsKey(CrdSchemas.key(
                object.path("apiVersion").asText(), object.path("kind").asText()));
    }

    /** Empty when {@code object} binds to its fabric8 type with no unknown field, else the binding error. */
    static List<String> validate(JsonNode object) {
        Class<?> type = CORE_KINDS.get(CrdSchemas.key(
                object.path("apiVersion").asText(), object.path("kind").asText()));
        if (type == null)
            return List.of("not a core kind known here: " + object.path("apiVersion") + " " + object.path("kind"));
        return bind(object, type);
    }

    /** The metadata of any object (a custom resource's CRD leaves it open) read as strictly. */
    static List<String> validateMetadata(JsonNode object) {
        return bind(object.path("metadata"), ObjectMeta.class);
    }

    private static List<String> bind(JsonNode node, Class<?> type) {
        try {
            STRICT.treeToValue(node, type);
            return List.of();
        } catch (com.fasterxml.jackson.core.JsonProcessingException | IllegalArgumentException e) {
            return List.of(e.getMessage().lines().findFirst().orElse(e.toString()) + " at "
                    + (e instanceof com.fasterxml.jackson.databind.JsonMappingException m ? m.getPathReference() : ""));
        }
    }
}

package io.pdm.ingest;

import io.pdm.schemas.KafkaSecurity;
import io.pdm.schemas.Settings;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * What a standalone ingest reads from system properties ({@code -Dpdm.kafka=…}) and the environment
 * ({@code PDM_KAFKA}), bound by Spring Boot's {@link Binder}, whose relaxed names map both forms to
 * one property. Properties win over environment variables; a setting left unset (or blank) keeps the
 * {@link IngestConfig.Builder} default. Deprecated names ({@link Settings#DEPRECATED}) still work for
 * one release, with a warning; when both are set the canonical name wins.
 *
 * @param mqtt     {@code pdm.mqtt}: broker URL
 * @param kafka    {@code pdm.kafka}: Kafka bootstrap servers
 * @param restPort {@code pdm.rest-port}: REST port; 0 picks a free one, negative disables
 * @param bind     {@code pdm.bind}: the address the REST API listens on
 * @param plant    {@code pdm.plant}: only these plants (comma-separated); unset means all
 * @param ingest   the settings only ingest has, {@code pdm.ingest.*}
 * @param kafkaSecurity {@code pdm.kafka.security-protocol}, {@code pdm.kafka.truststore}, … ({@link KafkaSecurity#from})
 * @param mqttSecurity  {@code pdm.mqtt.truststore}, {@code pdm.mqtt.username}, … ({@link MqttSecurity#from})
 */
@ConfigurationProperties("pdm")
public record IngestSettings(
        String mqtt,
        String kafka,
        Integer restPort,
        String bind,
        List<String> plant,
        Ingest ingest,
        KafkaSecurity kafkaSecurity,
        MqttSecurity mqttSecurity) {

    /**
     * @param connections    {@code pdm.ingest.connections}: MQTT connections in the shared group
     * @param clientIdPrefix {@code pdm.ingest.client-id-prefix}: MQTT client ids are {@code prefix-0…n-1}
     * @param apiKeysFile    {@code pdm.ingest.api-keys-file}: the REST intake's API keys ({@link io.pdm.schemas.ApiKeys})
     */
    public record Ingest(Integer connections, String clientIdPrefix, Path apiKeysFile, Jwt jwt) {}

    /**
     * {@code pdm.ingest.jwt.issuer}, {@code pdm.ingest.jwt.jwk-set-uri}, {@code pdm.ingest.jwt.plant-claim}
     * ({@code PDM_INGEST_JWT_ISSUER}, …): OAuth2 bearer tokens for the REST intake.
     */
    public record Jwt(String issuer, String jwkSetUri, String plantClaim) {}

    /** What the binder binds: the settings with plain values. */
    record Bound(String mqtt, String kafka, Integer restPort, String bind, List<String> plant, Ingest ingest) {}

    /** From this JVM's system properties and environment; deprecation warnings go to stderr. */
    public static IngestSettings fromEnvironment() {
        return from(System.getenv(), asMap(System.getProperties()), System.err::println);
    }

    public static IngestSettings from(Map<String, String> env, Map<String, String> properties, Consumer<String> warn) {
        MutablePropertySources sources = new MutablePropertySources();
        sources.addLast(new MapPropertySource(
                StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME,
                nonBlank(Settings.withCanonicalNames(properties, warn))));
        // This name and type make the binder apply the environment-variable mapping (PDM_REST_PORT -> pdm.rest-port).
        sources.addLast(new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                nonBlank(Settings.withCanonicalNames(env, warn))));
        Bound bound = new Binder(ConfigurationPropertySources.from(sources))
                .bind("pdm", Bound.class)
                .orElseGet(() -> new Bound(null, null, null, null, null, null));
        // Read apart from the binder: "pdm.kafka" is already the bootstrap string, so it cannot be an object too, and
        // the binder's relaxed names would read PDM_KAFKA_SECURITY_PROTOCOL as pdm.kafka-security.protocol.
        return new IngestSettings(
                bound.mqtt,
                bound.kafka,
                bound.restPort,
                bound.bind,
                bound.plant,
                bound.ingest,
                KafkaSecurity.from(env, properties),
                MqttSecurity.from(env, properties));
    }

    /** Sets on {@code b} what is set here. */
    public IngestConfig.Builder applyTo(IngestConfig.Builder b) {
        if (mqtt != null) b.mqttUrl(mqtt);
        if (kafka != null) b.kafkaBootstrap(kafka);
        if (restPort != null) b.restPort(restPort);
        if (bind != null) b.restAddress(bind);
        if (plant != null) b.plants(plant);
        if (ingest != null && ingest.connections() != null) b.connections(ingest.connections());
        if (ingest != null && ingest.clientIdPrefix() != null) b.clientIdPrefix(ingest.clientIdPrefix());
        if (ingest != null && ingest.apiKeysFile() != null) b.apiKeys(ingest.apiKeysFile());
        if (ingest != null
                && ingest.jwt() != null
                && (ingest.jwt().issuer() != null || ingest.jwt().jwkSetUri() != null))
            b.jwt(new IngestConfig.Jwt(
                    ingest.jwt().issuer(),
                    ingest.jwt().jwkSetUri(),
                    ingest.jwt().plantClaim()));
        if (kafkaSecurity != null) b.kafkaSecurity(kafkaSecurity);
        if (mqttSecurity != null) b.mqttSecurity(mqttSecurity);
        return b;
    }

    private static Map<String, Object> nonBlank(Map<String, String> values) {
        Map<String, Object> out = new HashMap<>();
        values.forEach((k, v) -> {
            if (v != null && !v.isBlank()) out.put(k, v.trim());
        });
        return out;
    }

    private static Map<String, String> asMap(Properties p) {
        Map<String, String> out = new HashMap<>();
        p.stringPropertyNames().forEach(k -> out.put(k, p.getProperty(k)));
        return out;
    }
}

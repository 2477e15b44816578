package io.pdm.schemas;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Names and defaults of the settings several services share, and the deprecated names still read
 * for one release (docs/configuration.md lists every setting). A setting has one property name
 * ({@code pdm.kafka}); its environment variable follows Spring's relaxed-binding rule
 * ({@link #envName}: {@code PDM_KAFKA}) and its command-line option is the last segment ({@code --kafka}).
 * It lives here because ingest, the feature job and the launcher all read these names, and this is
 * the one module they share.
 */
public final class Settings {
    public static final String KAFKA = "pdm.kafka";
    public static final String MQTT = "pdm.mqtt";
    public static final String JDBC = "pdm.jdbc";
    public static final String PLANT = "pdm.plant";
    public static final String REST_PORT = "pdm.rest-port";

    public static final String DEFAULT_KAFKA = "127.0.0.1:9092";
    public static final String DEFAULT_MQTT = "tcp://127.0.0.1:1883";
    /** The port {@code pdm demo} and {@code pdm ingest} always advertised; 8081 is Flink's web UI. */
    public static final int DEFAULT_REST_PORT = 8080;
    /**
     * Where a service's REST API listens ({@code PDM_BIND}): every interface, as a service in a container must;
     * {@code pdm demo} binds its APIs to loopback.
     */
    public static final String DEFAULT_BIND = "0.0.0.0";

    public static final String LOOPBACK = "127.0.0.1";

    /**
     * Deprecated environment variables and properties → their canonical name (an environment
     * variable maps to an environment variable, a property to a property). Remove after one release.
     */
    public static final Map<String, String> DEPRECATED = Map.ofEntries(
            Map.entry("PDM_INGEST_MQTT_URL", "PDM_MQTT"),
            Map.entry("pdm.ingest.mqtt-url", MQTT),
            Map.entry("PDM_INGEST_KAFKA_BOOTSTRAP", "PDM_KAFKA"),
            Map.entry("pdm.ingest.kafka-bootstrap", KAFKA),
            Map.entry("PDM_INGEST_REST_PORT", "PDM_REST_PORT"),
            Map.entry("pdm.ingest.rest-port", REST_PORT),
            Map.entry("PDM_INGEST_PLANTS", "PDM_PLANT"),
            Map.entry("pdm.ingest.plants", PLANT),
            Map.entry("PDM_INGEST_CLIENT_ID", "PDM_INGEST_CLIENT_ID_PREFIX"),
            Map.entry("PDM_FEATURES_BOOTSTRAP", "PDM_KAFKA"),
            Map.entry("PDM_FEATURES_PLANT", "PDM_PLANT"),
            Map.entry("PDM_FEATURES_JDBC", "PDM_JDBC"));

    private Settings() {}

    /** {@code pdm.features.window-size} → {@code PDM_FEATURES_WINDOW_SIZE} (Spring's rule for environment variables). */
    public static String envName(String property) {
        return property.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** The one-line warning for a deprecated name. */
    public static String deprecation(String oldName, String newName) {
        return "warning: " + oldName + " is deprecated and will be removed in the next release; use " + newName;
    }

    /**
     * A copy of {@code values} (environment variables or properties) in which each deprecated name
     * that is set also sets its canonical name, unless that is set too: the canonical name wins.
     * Warns once per deprecated name found.
     */
    public static Map<String, String> withCanonicalNames(Map<String, String> values, Consumer<String> warn) {
        Map<String, String> out = new LinkedHashMap<>(values);
        DEPRECATED.forEach((oldName, newName) -> {
            String v = values.get(oldName);
            if (v == null) return;
            warn.accept(deprecation(oldName, newName));
            out.putIfAbsent(newName, v);
        });
        return out;
    }
}

package io.pdm.launcher;

import io.pdm.ingest.MqttSecurity;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * How an MQTT client of {@code pdm} logs in and checks the broker: the same options for every command that talks MQTT
 * ({@code pdm ingest}, {@code pdm replay}), each the command-line form of one {@link MqttSecurity} setting
 * ({@code --mqtt-username} ↔ {@code PDM_MQTT_USERNAME}). An option not given falls back to the command's settings from
 * the environment (ingest's {@code IngestSettings}, else {@link MqttSecurity#from(java.util.Map, java.util.Map)}).
 */
final class MqttSecurityOptions {
    @Option(
            names = "--mqtt-truststore",
            description = "The MQTT broker's CA, PEM or PKCS#12, for an ssl:// URL (PDM_MQTT_TRUSTSTORE).")
    Path truststore;

    @Option(
            names = "--mqtt-truststore-password-file",
            description = "Password file of a PKCS#12 truststore (PDM_MQTT_TRUSTSTORE_PASSWORD_FILE).")
    Path truststorePasswordFile;

    @Option(names = "--mqtt-keystore", description = "Client certificate for MQTT mTLS, PKCS#12 (PDM_MQTT_KEYSTORE).")
    Path keystore;

    @Option(
            names = "--mqtt-keystore-password-file",
            description = "Its password file (PDM_MQTT_KEYSTORE_PASSWORD_FILE).")
    Path keystorePasswordFile;

    @Option(names = "--mqtt-username", description = "MQTT user name (PDM_MQTT_USERNAME).")
    String username;

    @Option(names = "--mqtt-password-file", description = "File with the MQTT password (PDM_MQTT_PASSWORD_FILE).")
    Path passwordFile;

    /** The options over {@code fallback} (what the environment says), one setting at a time. */
    MqttSecurity over(MqttSecurity fallback) {
        return new MqttSecurity(
                truststore != null ? truststore : fallback.truststore(),
                truststorePasswordFile != null ? truststorePasswordFile : fallback.truststorePasswordFile(),
                keystore != null ? keystore : fallback.keystore(),
                keystorePasswordFile != null ? keystorePasswordFile : fallback.keystorePasswordFile(),
                username != null ? username : fallback.username(),
                passwordFile != null ? passwordFile : fallback.passwordFile());
    }

    /** How the client logs in, for a message (files and user name only); "unknown" when the settings are unusable. */
    String describe(String url) {
        try {
            return fromEnvironment().describe(url);
        } catch (IllegalArgumentException e) {
            return "unusable MQTT security settings";
        }
    }

    /** The options over {@code PDM_MQTT_*} and the {@code pdm.mqtt.*} system properties. */
    MqttSecurity fromEnvironment() {
        java.util.Map<String, String> properties = new java.util.HashMap<>();
        System.getProperties().forEach((k, v) -> properties.put(k.toString(), v.toString()));
        return over(MqttSecurity.from(System.getenv(), properties));
    }
}

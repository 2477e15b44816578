package io.pdm.launcher;

import io.pdm.schemas.KafkaSecurity;
import io.pdm.schemas.Settings;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The Kafka client security options every command with Kafka clients shares ({@code @Mixin}): an option given wins,
 * then the system property ({@code -Dpdm.kafka.truststore=…}), then the environment ({@code PDM_KAFKA_TRUSTSTORE}).
 * Only file names and the SCRAM user name are options: passwords are read from files, so they never appear in a
 * process listing or a shell history.
 */
public final class KafkaSecurityOptions {
    @Option(
            names = "--kafka-security-protocol",
            description = "PLAINTEXT, SSL (TLS; mTLS with --kafka-keystore) or SASL_SSL (SCRAM-SHA-512)"
                    + " (default: PDM_KAFKA_SECURITY_PROTOCOL, else PLAINTEXT).")
    String protocol;

    @Option(
            names = "--kafka-truststore",
            description = "Kafka's CA: PEM (Strimzi's ca.crt) or PKCS#12 (ca.p12) (PDM_KAFKA_TRUSTSTORE).")
    String truststore;

    @Option(
            names = "--kafka-truststore-password-file",
            description =
                    "Password file of a PKCS#12 truststore (Strimzi's ca.password) (PDM_KAFKA_TRUSTSTORE_PASSWORD_FILE).")
    String truststorePasswordFile;

    @Option(
            names = "--kafka-keystore",
            description = "Client certificate for mTLS, PKCS#12 (Strimzi's user.p12) (PDM_KAFKA_KEYSTORE).")
    String keystore;

    @Option(
            names = "--kafka-keystore-password-file",
            description = "Its password file (Strimzi's user.password) (PDM_KAFKA_KEYSTORE_PASSWORD_FILE).")
    String keystorePasswordFile;

    @Option(names = "--kafka-sasl-username", description = "SCRAM-SHA-512 user (PDM_KAFKA_SASL_USERNAME).")
    String saslUsername;

    @Option(
            names = "--kafka-sasl-password-file",
            description =
                    "File with the SCRAM password (Strimzi: the user secret's 'password') (PDM_KAFKA_SASL_PASSWORD_FILE).")
    String saslPasswordFile;

    /** From these options over the system properties and environment of this JVM. */
    public KafkaSecurity security() {
        return security(System.getenv(), properties());
    }

    KafkaSecurity security(Map<String, String> env, Map<String, String> properties) {
        Map<String, String> given = new HashMap<>();
        put(given, KafkaSecurity.PROTOCOL_SETTING, protocol);
        put(given, KafkaSecurity.TRUSTSTORE_SETTING, truststore);
        put(given, KafkaSecurity.TRUSTSTORE_PASSWORD_FILE_SETTING, truststorePasswordFile);
        put(given, KafkaSecurity.KEYSTORE_SETTING, keystore);
        put(given, KafkaSecurity.KEYSTORE_PASSWORD_FILE_SETTING, keystorePasswordFile);
        put(given, KafkaSecurity.SASL_USERNAME_SETTING, saslUsername);
        put(given, KafkaSecurity.SASL_PASSWORD_FILE_SETTING, saslPasswordFile);
        return KafkaSecurity.from(name -> {
            String v = given.get(name);
            if (v == null) v = properties.get(name);
            if (v == null || v.isBlank()) v = env.get(Settings.envName(name));
            return v == null || v.isBlank() ? null : v.trim();
        });
    }

    private static void put(Map<String, String> m, String key, String value) {
        if (value != null && !value.isBlank()) m.put(key, value);
    }

    private static Map<String, String> properties() {
        Map<String, String> out = new HashMap<>();
        System.getProperties().stringPropertyNames().forEach(k -> out.put(k, System.getProperty(k)));
        return out;
    }
}

package io.pdm.schemas;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;

/**
 * How every Kafka client of the platform (ingest's producer, the feature job's source and sinks, inference's
 * consumer and producer, the plant's model-update producer, admin clients, the launcher's commands) connects:
 * one value, turned into client properties by {@link #clientProperties()}.
 *
 * <p>It holds file paths and the SCRAM user name, never a secret: passwords are read from their files only when
 * the properties are built, so this record can be logged and its {@link #toString()} shows no secret. The files
 * are exactly what a Strimzi {@code KafkaUser} and the cluster CA secret contain:
 *
 * <ul>
 *   <li>{@link Protocol#SSL} with {@code tls} authentication (mTLS): truststore {@code ca.crt} (PEM) or
 *       {@code ca.p12} with {@code ca.password}; keystore {@code user.p12} with {@code user.password};
 *   <li>{@link Protocol#SASL_SSL} with {@code scram-sha-512} authentication: truststore as above, user name = the
 *       {@code KafkaUser}'s name, password file = its secret's {@code password} key;
 *   <li>{@link Protocol#PLAINTEXT}: the default, for the embedded broker on loopback.
 * </ul>
 *
 * It lives in {@code schemas} next to {@link Settings} because it is a setting every service shares and
 * {@code schemas} is the one module they all depend on (and it already depends on kafka-clients); {@code embedded}
 * would drag an in-process broker into every production service.
 *
 * @param protocol               {@code security.protocol}
 * @param truststore             CA certificates: a PEM file ({@code .crt}, {@code .pem}) or a PKCS#12 store; null
 *                               means the JVM's default trust (a public CA)
 * @param truststorePasswordFile password of a PKCS#12 truststore ({@code ca.password}); PEM needs none
 * @param keystore               PKCS#12 client key and certificate for mTLS ({@code user.p12}); null: no client
 *                               certificate
 * @param keystorePasswordFile   its password ({@code user.password})
 * @param saslUsername           SCRAM user name (SASL_SSL only)
 * @param saslPasswordFile       file holding the SCRAM password (SASL_SSL only)
 */
public record KafkaSecurity(
        Protocol protocol,
        Path truststore,
        Path truststorePasswordFile,
        Path keystore,
        Path keystorePasswordFile,
        String saslUsername,
        Path saslPasswordFile) {

    /** The SASL mechanism of {@link Protocol#SASL_SSL}: what Strimzi's {@code scram-sha-512} users use. */
    public static final String SCRAM_MECHANISM = "SCRAM-SHA-512";

    /** Plaintext, no authentication: the embedded default. */
    public static final KafkaSecurity PLAINTEXT =
            new KafkaSecurity(Protocol.PLAINTEXT, null, null, null, null, null, null);

    /** Property names; the environment variables are their {@link Settings#envName} ({@code PDM_KAFKA_TRUSTSTORE}). */
    public static final String PROTOCOL_SETTING = "pdm.kafka.security-protocol";

    public static final String TRUSTSTORE_SETTING = "pdm.kafka.truststore";
    public static final String TRUSTSTORE_PASSWORD_FILE_SETTING = "pdm.kafka.truststore-password-file";
    public static final String KEYSTORE_SETTING = "pdm.kafka.keystore";
    public static final String KEYSTORE_PASSWORD_FILE_SETTING = "pdm.kafka.keystore-password-file";
    public static final String SASL_USERNAME_SETTING = "pdm.kafka.sasl-username";
    public static final String SASL_PASSWORD_FILE_SETTING = "pdm.kafka.sasl-password-file";
    /** Every setting above, in order: what a deployment may set (PDM_KAFKA_SECURITY_PROTOCOL, …). */
    public static final java.util.List<String> SETTINGS = java.util.List.of(
            PROTOCOL_SETTING,
            TRUSTSTORE_SETTING,
            TRUSTSTORE_PASSWORD_FILE_SETTING,
            KEYSTORE_SETTING,
            KEYSTORE_PASSWORD_FILE_SETTING,
            SASL_USERNAME_SETTING,
            SASL_PASSWORD_FILE_SETTING);

    /** The protocols offered; SASL_PLAINTEXT is left out on purpose: it sends the password over an open channel. */
    public enum Protocol {
        PLAINTEXT,
        SSL,
        SASL_SSL;

        static Protocol parse(String text) {
            try {
                return valueOf(text.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        "Kafka security protocol '" + text + "' is not one of PLAINTEXT, SSL, SASL_SSL");
            }
        }
    }

    public KafkaSecurity {
        Objects.requireNonNull(protocol, "protocol");
        switch (protocol) {
            case PLAINTEXT -> {
                if (truststore != null || keystore != null || saslUsername != null || saslPasswordFile != null)
                    throw new IllegalArgumentException(
                            "Kafka security protocol PLAINTEXT takes no truststore, keystore or SASL user:"
                                    + " set PDM_KAFKA_SECURITY_PROTOCOL to SSL or SASL_SSL");
            }
            case SSL -> {
                if (saslUsername != null || saslPasswordFile != null)
                    throw new IllegalArgumentException(
                            "a SASL user name or password file needs PDM_KAFKA_SECURITY_PROTOCOL=SASL_SSL, not SSL");
                if (keystore != null && keystorePasswordFile == null)
                    throw new IllegalArgumentException(
                            "PDM_KAFKA_KEYSTORE needs PDM_KAFKA_KEYSTORE_PASSWORD_FILE (Strimzi: user.password)");
            }
            case SASL_SSL -> {
                if (saslUsername == null || saslUsername.isBlank() || saslPasswordFile == null)
                    throw new IllegalArgumentException(
                            "SASL_SSL needs PDM_KAFKA_SASL_USERNAME and PDM_KAFKA_SASL_PASSWORD_FILE");
                if (keystore != null && keystorePasswordFile == null)
                    throw new IllegalArgumentException("PDM_KAFKA_KEYSTORE needs PDM_KAFKA_KEYSTORE_PASSWORD_FILE");
            }
        }
    }

    /** TLS without a client certificate (the server is verified, the client is not). */
    public static KafkaSecurity ssl(Path truststore) {
        return new KafkaSecurity(Protocol.SSL, truststore, null, null, null, null, null);
    }

    /** Mutual TLS: the client proves itself with the key store's certificate ({@code user.p12}, {@code user.password}). */
    public static KafkaSecurity mutualTls(Path truststore, Path keystore, Path keystorePasswordFile) {
        return new KafkaSecurity(Protocol.SSL, truststore, null, keystore, keystorePasswordFile, null, null);
    }

    /** SCRAM-SHA-512 over TLS. */
    public static KafkaSecurity scram(Path truststore, String username, Path passwordFile) {
        return new KafkaSecurity(Protocol.SASL_SSL, truststore, null, null, null, username, passwordFile);
    }

    /**
     * From system properties ({@code pdm.kafka.truststore}) over environment variables ({@code PDM_KAFKA_TRUSTSTORE});
     * nothing set is {@link #PLAINTEXT}.
     */
    public static KafkaSecurity from(Map<String, String> env, Map<String, String> properties) {
        return from(name -> {
            String v = properties.get(name);
            if (v == null || v.isBlank()) v = env.get(Settings.envName(name));
            return v == null || v.isBlank() ? null : v.trim();
        });
    }

    /** From a lookup by property name ({@code pdm.kafka.truststore}); null or blank means unset. */
    public static KafkaSecurity from(Function<String, String> setting) {
        String protocol = setting.apply(PROTOCOL_SETTING);
        return new KafkaSecurity(
                protocol == null ? Protocol.PLAINTEXT : Protocol.parse(protocol),
                path(setting.apply(TRUSTSTORE_SETTING)),
                path(setting.apply(TRUSTSTORE_PASSWORD_FILE_SETTING)),
                path(setting.apply(KEYSTORE_SETTING)),
                path(setting.apply(KEYSTORE_PASSWORD_FILE_SETTING)),
                setting.apply(SASL_USERNAME_SETTING),
                path(setting.apply(SASL_PASSWORD_FILE_SETTING)));
    }

    /** This JVM's system properties and environment. */
    public static KafkaSecurity fromEnvironment() {
        Map<String, String> properties = new LinkedHashMap<>();
        System.getProperties().stringPropertyNames().forEach(k -> properties.put(k, System.getProperty(k)));
        return from(System.getenv(), properties);
    }

    /**
     * The client properties ({@code security.protocol}, {@code ssl.*}, {@code sasl.*}) to add to a producer, consumer
     * or admin client's configuration. Reads the password files now, so a missing or unreadable file fails here with
     * its setting's name. The map holds secrets: never log it (Kafka's own config log masks them).
     */
    public Map<String, String> clientProperties() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, protocol.name());
        if (protocol == Protocol.PLAINTEXT) return p;
        if (truststore != null) {
            requireFile(TRUSTSTORE_SETTING, truststore);
            p.put(SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG, truststore.toString());
            p.put(SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG, isPem(truststore) ? "PEM" : "PKCS12");
            if (truststorePasswordFile != null)
                p.put(
                        SslConfigs.SSL_TRUSTSTORE_PASSWORD_CONFIG,
                        secret(TRUSTSTORE_PASSWORD_FILE_SETTING, truststorePasswordFile));
        }
        if (keystore != null) {
            requireFile(KEYSTORE_SETTING, keystore);
            p.put(SslConfigs.SSL_KEYSTORE_LOCATION_CONFIG, keystore.toString());
            p.put(SslConfigs.SSL_KEYSTORE_TYPE_CONFIG, "PKCS12");
            String password = secret(KEYSTORE_PASSWORD_FILE_SETTING, keystorePasswordFile);
            p.put(SslConfigs.SSL_KEYSTORE_PASSWORD_CONFIG, password);
            p.put(SslConfigs.SSL_KEY_PASSWORD_CONFIG, password); // PKCS#12 protects the key with the store password
        }
        if (protocol == Protocol.SASL_SSL) {
            p.put(SaslConfigs.SASL_MECHANISM, SCRAM_MECHANISM);
            p.put(
                    SaslConfigs.SASL_JAAS_CONFIG,
                    "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                            + jaasQuoted(saslUsername) + "\" password=\""
                            + jaasQuoted(secret(SASL_PASSWORD_FILE_SETTING, saslPasswordFile)) + "\";");
        }
        return p;
    }

    /** {@link #clientProperties()} over {@code base}: a new map, for the callers that build a client's config. */
    public Map<String, Object> applyTo(Map<String, ?> base) {
        Map<String, Object> out = new LinkedHashMap<>(base);
        out.putAll(clientProperties());
        return out;
    }

    /** One line for start-up logs: the protocol, the files and the user, never a password. */
    public String describe() {
        return switch (protocol) {
            case PLAINTEXT -> "PLAINTEXT";
            case SSL ->
                "SSL (truststore " + orDefault(truststore)
                        + (keystore == null ? ", no client certificate" : ", client certificate " + keystore) + ")";
            case SASL_SSL ->
                "SASL_SSL " + SCRAM_MECHANISM + " as '" + saslUsername + "' (truststore " + orDefault(truststore) + ")";
        };
    }

    @Override
    public String toString() {
        return "KafkaSecurity[" + describe() + "]";
    }

    private static String orDefault(Path truststore) {
        return truststore == null ? "the JVM's default" : truststore.toString();
    }

    private static boolean isPem(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".crt") || name.endsWith(".pem") || name.endsWith(".cer");
    }

    private static void requireFile(String setting, Path file) {
        if (!Files.isReadable(file))
            throw new IllegalArgumentException(Settings.envName(setting) + ": cannot read " + file);
    }

    /** The file's content without a trailing newline (Strimzi's secrets have none; files written by hand often do). */
    private static String secret(String setting, Path file) {
        requireFile(setting, file);
        try {
            String s = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (s.isEmpty()) throw new IllegalArgumentException(Settings.envName(setting) + ": " + file + " is empty");
            return s;
        } catch (IOException e) {
            throw new IllegalArgumentException(Settings.envName(setting) + ": cannot read " + file, e);
        }
    }

    private static String jaasQuoted(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    private static Path path(String s) {
        return s == null ? null : Path.of(s);
    }
}

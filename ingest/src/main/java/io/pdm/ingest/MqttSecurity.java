package io.pdm.ingest;

import io.pdm.schemas.Settings;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;

/**
 * How ingest's MQTT connections prove who they are and check the broker: TLS (an {@code ssl://} broker URL) with
 * a truststore and optionally a client key store (mTLS), and a user name with a password read from a file. Holds
 * paths and the user name only, never a secret, so it can be logged.
 *
 * @param truststore             CA certificates of the broker: PEM ({@code .crt}, {@code .pem}) or PKCS#12; null:
 *                               the JVM's default trust
 * @param truststorePasswordFile password of a PKCS#12 truststore
 * @param keystore               PKCS#12 client certificate and key for mTLS, or null
 * @param keystorePasswordFile   its password
 * @param username               MQTT user name, or null
 * @param passwordFile           file holding the MQTT password (needs {@code username})
 */
public record MqttSecurity(
        Path truststore,
        Path truststorePasswordFile,
        Path keystore,
        Path keystorePasswordFile,
        String username,
        Path passwordFile) {

    public static final MqttSecurity NONE = new MqttSecurity(null, null, null, null, null, null);

    public static final String TRUSTSTORE_SETTING = "pdm.mqtt.truststore";
    public static final String TRUSTSTORE_PASSWORD_FILE_SETTING = "pdm.mqtt.truststore-password-file";
    public static final String KEYSTORE_SETTING = "pdm.mqtt.keystore";
    public static final String KEYSTORE_PASSWORD_FILE_SETTING = "pdm.mqtt.keystore-password-file";
    public static final String USERNAME_SETTING = "pdm.mqtt.username";
    public static final String PASSWORD_FILE_SETTING = "pdm.mqtt.password-file";
    /** Every setting above, in order: what a deployment may set (PDM_MQTT_TRUSTSTORE, …). */
    public static final java.util.List<String> SETTINGS = java.util.List.of(
            TRUSTSTORE_SETTING,
            TRUSTSTORE_PASSWORD_FILE_SETTING,
            KEYSTORE_SETTING,
            KEYSTORE_PASSWORD_FILE_SETTING,
            USERNAME_SETTING,
            PASSWORD_FILE_SETTING);

    public MqttSecurity {
        if (passwordFile != null && (username == null || username.isBlank()))
            throw new IllegalArgumentException("PDM_MQTT_PASSWORD_FILE needs PDM_MQTT_USERNAME");
        if (keystore != null && keystorePasswordFile == null)
            throw new IllegalArgumentException("PDM_MQTT_KEYSTORE needs PDM_MQTT_KEYSTORE_PASSWORD_FILE");
    }

    /** From a lookup by property name ({@code pdm.mqtt.truststore}); null or blank means unset. */
    public static MqttSecurity from(Function<String, String> setting) {
        return new MqttSecurity(
                path(setting.apply(TRUSTSTORE_SETTING)),
                path(setting.apply(TRUSTSTORE_PASSWORD_FILE_SETTING)),
                path(setting.apply(KEYSTORE_SETTING)),
                path(setting.apply(KEYSTORE_PASSWORD_FILE_SETTING)),
                setting.apply(USERNAME_SETTING),
                path(setting.apply(PASSWORD_FILE_SETTING)));
    }

    /** System properties over environment variables ({@code PDM_MQTT_TRUSTSTORE}). */
    public static MqttSecurity from(Map<String, String> env, Map<String, String> properties) {
        return from(name -> {
            String v = properties.get(name);
            if (v == null || v.isBlank()) v = env.get(Settings.envName(name));
            return v == null || v.isBlank() ? null : v.trim();
        });
    }

    /** Sets TLS (for an {@code ssl://} URL) and credentials on Paho's options; reads the secret files now. */
    public void applyTo(MqttConnectionOptions o, String url) {
        boolean tls = url.toLowerCase(Locale.ROOT).startsWith("ssl://");
        if (!tls && (truststore != null || keystore != null))
            throw new IllegalArgumentException(
                    "PDM_MQTT_TRUSTSTORE/PDM_MQTT_KEYSTORE need an ssl:// broker URL, not " + url);
        if (tls) o.setSocketFactory(sslContext().getSocketFactory());
        if (username != null) o.setUserName(username);
        if (passwordFile != null)
            o.setPassword(secret(PASSWORD_FILE_SETTING, passwordFile).getBytes(StandardCharsets.UTF_8));
    }

    /** One line for logs: files and user, never a password. */
    public String describe(String url) {
        boolean tls = url.toLowerCase(Locale.ROOT).startsWith("ssl://");
        return (tls
                        ? "TLS (truststore " + (truststore == null ? "the JVM's default" : truststore)
                                + (keystore == null ? "" : ", client certificate " + keystore) + ")"
                        : "plain TCP")
                + (username == null ? ", no user name" : ", user '" + username + "'");
    }

    @Override
    public String toString() {
        return "MqttSecurity[truststore=" + truststore + ", keystore=" + keystore + ", username=" + username
                + ", passwordFile=" + passwordFile + "]";
    }

    SSLContext sslContext() {
        try {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(truststore == null ? null : trustStore());
            KeyManagerFactory kmf = null;
            if (keystore != null) {
                char[] password = secret(KEYSTORE_PASSWORD_FILE_SETTING, keystorePasswordFile)
                        .toCharArray();
                KeyStore ks = KeyStore.getInstance("PKCS12");
                try (InputStream in = Files.newInputStream(keystore)) {
                    ks.load(in, password);
                }
                kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(ks, password);
            }
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
            return ctx;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("MQTT TLS settings unusable: " + e.getMessage(), e);
        }
    }

    private KeyStore trustStore() throws IOException, GeneralSecurityException {
        KeyStore ts = KeyStore.getInstance("PKCS12");
        String name = truststore.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".crt") || name.endsWith(".pem") || name.endsWith(".cer")) {
            ts.load(null, null);
            try (InputStream in = Files.newInputStream(truststore)) {
                int i = 0;
                for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                    ts.setCertificateEntry("ca-" + i++, c);
                }
            }
        } else {
            char[] password = truststorePasswordFile == null
                    ? null
                    : secret(TRUSTSTORE_PASSWORD_FILE_SETTING, truststorePasswordFile)
                            .toCharArray();
            try (InputStream in = Files.newInputStream(truststore)) {
                ts.load(in, password);
            }
        }
        return ts;
    }

    static String secret(String setting, Path file) {
        try {
            String s = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (s.isEmpty()) throw new IllegalArgumentException(Settings.envName(setting) + ": " + file + " is empty");
            return s;
        } catch (IOException e) {
            throw new IllegalArgumentException(Settings.envName(setting) + ": cannot read " + file, e);
        }
    }

    private static Path path(String s) {
        return s == null ? null : Path.of(s);
    }
}

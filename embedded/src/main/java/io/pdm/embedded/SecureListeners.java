package io.pdm.embedded;

import io.pdm.embedded.tls.LocalCa;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.clients.admin.UserScramCredentialsDescription;

/**
 * The broker settings of {@link EmbeddedKafka}'s optional TLS and SASL_SSL listeners, and SCRAM users through the
 * Admin API. Kept apart from {@code EmbeddedKafka} so the plain broker reads without them.
 */
final class SecureListeners {
    private static final Duration USER_VISIBLE = Duration.ofSeconds(30);

    private SecureListeners() {}

    /** Listener settings for PLAINTEXT (kept), SSL (client certificate required) and SASL_SSL (SCRAM-SHA-512). */
    static Properties properties(
            LocalCa ca, Path tlsDir, int plainPort, int controllerPort, int sslPort, int saslSslPort) {
        Path caCrt = ca.writeCa(tlsDir.resolve("ca"));
        LocalCa.Credentials server = ca.writeServer(tlsDir.resolve("broker"), List.of("127.0.0.1", "localhost"));
        Properties p = new Properties();
        p.put(
                "listeners",
                "PLAINTEXT://127.0.0.1:" + plainPort + ",SSL://127.0.0.1:" + sslPort + ",SASL_SSL://127.0.0.1:"
                        + saslSslPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put(
                "advertised.listeners",
                "PLAINTEXT://127.0.0.1:" + plainPort + ",SSL://127.0.0.1:" + sslPort + ",SASL_SSL://127.0.0.1:"
                        + saslSslPort);
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,SSL:SSL,SASL_SSL:SASL_SSL,CONTROLLER:PLAINTEXT");
        p.put("ssl.keystore.type", "PKCS12");
        p.put("ssl.keystore.location", server.keyStore().toString());
        p.put("ssl.keystore.password", server.password());
        p.put("ssl.key.password", server.password());
        p.put("ssl.truststore.type", "PEM");
        p.put("ssl.truststore.location", caCrt.toString());
        p.put("listener.name.ssl.ssl.client.auth", "required");
        p.put("listener.name.sasl_ssl.ssl.client.auth", "none");
        p.put("sasl.enabled.mechanisms", "SCRAM-SHA-512");
        p.put("listener.name.sasl_ssl.sasl.enabled.mechanisms", "SCRAM-SHA-512");
        p.put(
                "listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required;");
        return p;
    }

    static void upsertScramUser(Admin admin, String user, String password) {
        try {
            admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(
                            user, new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096), password)))
                    .all()
                    .get(30, TimeUnit.SECONDS);
            long deadline = System.nanoTime() + USER_VISIBLE.toNanos();
            while (true) {
                try {
                    Map<String, UserScramCredentialsDescription> known = admin.describeUserScramCredentials(
                                    List.of(user))
                            .all()
                            .get(5, TimeUnit.SECONDS);
                    if (known.containsKey(user)) return;
                } catch (ExecutionException e) {
                    // ResourceNotFoundException until the metadata reaches the broker
                }
                if (System.nanoTime() > deadline)
                    throw new IllegalStateException("SCRAM user " + user + " not visible after " + USER_VISIBLE);
                Thread.sleep(50);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating SCRAM user " + user, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not create SCRAM user " + user, e);
        }
    }
}

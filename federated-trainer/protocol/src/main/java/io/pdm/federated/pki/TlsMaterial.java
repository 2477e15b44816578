package io.pdm.federated.pki;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** The aggregator's TLS key material, as a Spring Boot SSL bundle: PKCS12 stores or PEM files. */
public sealed interface TlsMaterial {

    /** Spring Boot properties defining SSL bundle {@code bundle}. */
    Map<String, Object> bundleProperties(String bundle);

    /** A PKCS12 key store with the server key and chain, and a PKCS12 trust store with the CA plants chain to. */
    record Pkcs12(Path keyStore, String keyStorePassword, Path trustStore, String trustStorePassword)
            implements TlsMaterial {
        public Pkcs12 {
            Objects.requireNonNull(keyStore, "keyStore");
            Objects.requireNonNull(trustStore, "trustStore");
        }

        @Override
        public Map<String, Object> bundleProperties(String bundle) {
            String prefix = "spring.ssl.bundle.jks." + bundle + ".";
            Map<String, Object> properties = new LinkedHashMap<>();
            properties.put(prefix + "keystore.location", "file:" + keyStore.toAbsolutePath());
            properties.put(prefix + "keystore.password", keyStorePassword);
            properties.put(prefix + "keystore.type", "PKCS12");
            properties.put(prefix + "truststore.location", "file:" + trustStore.toAbsolutePath());
            properties.put(prefix + "truststore.password", trustStorePassword);
            properties.put(prefix + "truststore.type", "PKCS12");
            return properties;
        }
    }

    /** PEM: the server certificate chain, its unencrypted PKCS#8 key, and the CA certificate plants chain to. */
    record Pem(Path certificateChain, Path privateKey, Path caCertificate) implements TlsMaterial {
        public Pem {
            Objects.requireNonNull(certificateChain, "certificateChain");
            Objects.requireNonNull(privateKey, "privateKey");
            Objects.requireNonNull(caCertificate, "caCertificate");
        }

        @Override
        public Map<String, Object> bundleProperties(String bundle) {
            String prefix = "spring.ssl.bundle.pem." + bundle + ".";
            return Map.of(
                    prefix + "keystore.certificate",
                    "file:" + certificateChain.toAbsolutePath(),
                    prefix + "keystore.private-key",
                    "file:" + privateKey.toAbsolutePath(),
                    prefix + "truststore.certificate",
                    "file:" + caCertificate.toAbsolutePath());
        }
    }
}

package io.pdm.federated.pki;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** The aggregator's TLS key material, as a Spring Boot SSL bundle: PKCS12 stores or PEM files. */
public sealed interface TlsMaterial {

    /** Spring Boot properties defining SSL bundle {@code bundle}. */
    Map<String, Object> bundleProperties(String bundle);

    /** The CA certificates plants must chain to (the trust store's): what signs the plants' CRL. */
    List<X509Certificate> trustedCertificates();

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

        @Override
        public List<X509Certificate> trustedCertificates() {
            try (InputStream in = Files.newInputStream(trustStore)) {
                KeyStore store = KeyStore.getInstance("PKCS12");
                store.load(in, trustStorePassword == null ? null : trustStorePassword.toCharArray());
                List<X509Certificate> certificates = new ArrayList<>();
                for (String alias : Collections.list(store.aliases())) {
                    if (store.getCertificate(alias) instanceof X509Certificate certificate) {
                        certificates.add(certificate);
                    }
                }
                return certificates;
            } catch (IOException | GeneralSecurityException e) {
                throw new IllegalStateException("cannot read the trust store " + trustStore, e);
            }
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

        @Override
        public List<X509Certificate> trustedCertificates() {
            try (InputStream in = Files.newInputStream(caCertificate)) {
                List<X509Certificate> certificates = new ArrayList<>();
                for (java.security.cert.Certificate certificate :
                        CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                    certificates.add((X509Certificate) certificate);
                }
                return certificates;
            } catch (IOException | GeneralSecurityException e) {
                throw new IllegalStateException("cannot read the CA certificates " + caCertificate, e);
            }
        }
    }
}

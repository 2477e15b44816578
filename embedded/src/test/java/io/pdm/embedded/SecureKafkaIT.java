package io.pdm.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pdm.embedded.tls.LocalCa;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded broker's TLS (client certificate required) and SASL_SSL SCRAM-SHA-512 listeners, with raw clients. */
class SecureKafkaIT {
    private static final LocalCa CA = LocalCa.create("pdm-test-cluster-ca");
    private static EmbeddedKafka kafka;

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() {
        kafka = EmbeddedKafka.builder().secureListeners(CA).build().start();
        kafka.createTopics(1, "secure");
        kafka.createScramUser("plant-a-ingest", "right-password");
    }

    @AfterAll
    static void stop() {
        if (kafka != null) kafka.close();
    }

    @Test
    void aClientCertificateFromTheClusterCaWritesAndReadsOverMutualTls() throws Exception {
        Path ca = CA.writeCa(dir.resolve("ca"));
        LocalCa.Credentials user = CA.writeUser(dir.resolve("mtls-user"), "plant-a-ingest");
        Map<String, Object> p = tls(ca, user);
        roundTrip(p, kafka.sslBootstrapServers(), "over-mtls");
    }

    @Test
    void aScramUserWritesAndReadsOverSaslSsl() throws Exception {
        Path ca = CA.writeCa(dir.resolve("ca2"));
        roundTrip(scram(ca, "right-password"), kafka.saslSslBootstrapServers(), "over-scram");
    }

    @Test
    void aWrongScramPasswordIsRefused() {
        Path ca = CA.writeCa(dir.resolve("ca3"));
        Map<String, Object> p = scram(ca, "wrong-password");
        p.put("bootstrap.servers", kafka.saslSslBootstrapServers());
        try (Admin admin = Admin.create(p)) {
            assertThatThrownBy(() -> admin.describeCluster().nodes().get(30, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(SaslAuthenticationException.class)
                    .hasMessageContaining("invalid credentials");
        }
    }

    @Test
    void aCertificateFromAnotherCaIsRefused() {
        LocalCa other = LocalCa.create("someone-else");
        Path ca = CA.writeCa(dir.resolve("ca4"));
        LocalCa.Credentials stranger = other.writeUser(dir.resolve("stranger"), "plant-a-ingest");
        Map<String, Object> p = tls(ca, stranger);
        p.put("bootstrap.servers", kafka.sslBootstrapServers());
        try (Admin admin = Admin.create(p)) {
            assertThatThrownBy(() -> admin.describeCluster().nodes().get(30, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(SslAuthenticationException.class);
        }
    }

    private static Map<String, Object> tls(Path ca, LocalCa.Credentials user) {
        Map<String, Object> p = new HashMap<>();
        p.put("security.protocol", "SSL");
        p.put("ssl.truststore.type", "PEM");
        p.put("ssl.truststore.location", ca.toString());
        p.put("ssl.keystore.type", "PKCS12");
        p.put("ssl.keystore.location", user.keyStore().toString());
        p.put("ssl.keystore.password", user.password());
        return p;
    }

    private static Map<String, Object> scram(Path ca, String password) {
        Map<String, Object> p = new HashMap<>();
        p.put("security.protocol", "SASL_SSL");
        p.put("ssl.truststore.type", "PEM");
        p.put("ssl.truststore.location", ca.toString());
        p.put("sasl.mechanism", "SCRAM-SHA-512");
        p.put(
                "sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"plant-a-ingest\""
                        + " password=\"" + password + "\";");
        return p;
    }

    private static void roundTrip(Map<String, Object> security, String bootstrap, String value) throws Exception {
        Map<String, Object> p = new HashMap<>(security);
        p.put("bootstrap.servers", bootstrap);
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>("secure", "k", value)).get(30, TimeUnit.SECONDS);
        }
        Map<String, Object> c = new HashMap<>(p);
        c.put("group.id", "g-" + value);
        c.put("auto.offset.reset", "earliest");
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(c, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of("secure"));
            List<String> seen = new java.util.ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!seen.contains(value) && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) seen.add(r.value());
            }
            assertThat(seen).contains(value);
        }
    }
}

package io.pdm.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pdm.embedded.EmbeddedKafka;
import io.pdm.embedded.EmbeddedMqttBroker;
import io.pdm.embedded.tls.LocalCa;
import io.pdm.schemas.KafkaSecurity;
import io.pdm.schemas.Topics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import javax.net.ssl.SSLContext;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ingest with real credentials against the embedded brokers' secure listeners: Kafka over mTLS and over SCRAM-SHA-512,
 * MQTT over TLS with a client certificate and a password; a wrong password and an untrusted certificate stop ingest
 * with an error that names the broker and the credentials (never the password).
 */
class SecureTransportIT {
    static final String PLANT = "secure-plant";
    static final String SCRAM_PASSWORD = "scram-Pa55-word";
    static final String MQTT_PASSWORD = "mqtt-Pa55-word";
    static final LocalCa CA = LocalCa.create("pdm-it-ca");
    static EmbeddedKafka kafka;
    static EmbeddedMqttBroker mqtt;

    @TempDir
    static Path dir;

    static Path caCrt;
    static Path scramPasswordFile;
    static Path mqttPasswordFile;
    static LocalCa.Credentials ingestUser;

    @BeforeAll
    static void start() throws Exception {
        kafka = EmbeddedKafka.builder().secureListeners(CA).build().start();
        kafka.createTopics(1, Topics.telemetry(PLANT), Topics.maintenanceLogs(PLANT), Topics.dlq(PLANT));
        kafka.createScramUser("plant-ingest", SCRAM_PASSWORD);
        mqtt = EmbeddedMqttBroker.builder()
                .tls(CA, true)
                .user("plant-ingest", MQTT_PASSWORD)
                .user("device-1", "device-password")
                .build()
                .start();
        caCrt = CA.writeCa(dir.resolve("cluster-ca"));
        ingestUser = CA.writeUser(dir.resolve("ingest-user"), "plant-ingest");
        scramPasswordFile = Files.writeString(dir.resolve("scram-password"), SCRAM_PASSWORD + "\n");
        mqttPasswordFile = Files.writeString(dir.resolve("mqtt-password"), MQTT_PASSWORD);
    }

    @AfterAll
    static void stop() {
        if (mqtt != null) mqtt.close();
        if (kafka != null) kafka.close();
    }

    MqttSecurity mqttSecurity(LocalCa.Credentials client, Path passwordFile) {
        return new MqttSecurity(caCrt, null, client.keyStore(), client.passwordFile(), "plant-ingest", passwordFile);
    }

    @Test
    void telemetryTravelsOverMqttTlsAndKafkaMutualTls() throws Exception {
        IngestConfig config = IngestConfig.builder()
                .mqttUrl(mqtt.tlsUrl())
                .mqttSecurity(mqttSecurity(ingestUser, mqttPasswordFile))
                .kafkaBootstrap(kafka.sslBootstrapServers())
                .kafkaSecurity(KafkaSecurity.mutualTls(caCrt, ingestUser.keyStore(), ingestUser.passwordFile()))
                .clientIdPrefix("it-secure-mtls")
                .knownPlants(List.of(PLANT))
                .restPort(-1)
                .build();
        try (IngestService svc = IngestService.start(config)) {
            LocalCa.Credentials device = CA.writeUser(dir.resolve("device-1"), "device-1");
            MqttClient client = new MqttClient(mqtt.tlsUrl(), "device-1", new MemoryPersistence());
            MqttConnectionOptions o = new MqttConnectionOptions();
            o.setSocketFactory(tls(device).getSocketFactory());
            o.setUserName("device-1");
            o.setPassword("device-password".getBytes(StandardCharsets.UTF_8));
            client.connect(o);
            String ts = Instant.now().toString();
            MqttMessage m = new MqttMessage(("{\"ts\":\"" + ts + "\",\"values\":{\"temp\":21.5}}").getBytes());
            m.setQos(1);
            client.publish("pdm/v1/" + PLANT + "/pump-1/telemetry", m);
            client.disconnect();
            client.close();
            assertThat(read(Topics.telemetry(PLANT), 1)).hasSize(1);
            assertThat(svc.forwarded()).isEqualTo(1);
        }
    }

    /** Start-up logs (ours, Kafka's client config dump, Paho's) name files and users, never a password. */
    @Test
    void noSecretReachesTheLogsOrToString() throws Exception {
        ch.qos.logback.classic.Logger root =
                (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> logs =
                new ch.qos.logback.core.read.ListAppender<>();
        logs.start();
        root.addAppender(logs);
        ch.qos.logback.classic.Level level = root.getLevel();
        root.setLevel(ch.qos.logback.classic.Level.DEBUG);
        IngestConfig config = IngestConfig.builder()
                .mqttUrl(mqtt.tlsUrl())
                .mqttSecurity(mqttSecurity(ingestUser, mqttPasswordFile))
                .kafkaBootstrap(kafka.saslSslBootstrapServers())
                .kafkaSecurity(KafkaSecurity.scram(caCrt, "plant-ingest", scramPasswordFile))
                .clientIdPrefix("it-secure-logs")
                .restPort(-1)
                .build();
        try (IngestService svc = IngestService.start(config)) {
            assertThat(svc.config().toString()).doesNotContain(SCRAM_PASSWORD, MQTT_PASSWORD, ingestUser.password());
        } finally {
            root.detachAppender(logs);
            root.setLevel(level);
        }
        List<String> lines = logs.list.stream()
                .map(e -> e.getFormattedMessage()
                        + (e.getThrowableProxy() == null
                                ? ""
                                : e.getThrowableProxy().getMessage()))
                .toList();
        assertThat(lines).anyMatch(l -> l.contains("sasl.jaas.config = [hidden]")); // Kafka's config dump was seen
        assertThat(lines).anyMatch(l -> l.contains("user 'plant-ingest'"));
        assertThat(lines).noneMatch(l -> l.contains(SCRAM_PASSWORD) || l.contains(MQTT_PASSWORD));
    }

    @Test
    void maintenanceTravelsToKafkaAsScramUser() throws Exception {
        IngestConfig config = IngestConfig.builder()
                .mqttEnabled(false)
                .kafkaBootstrap(kafka.saslSslBootstrapServers())
                .kafkaSecurity(KafkaSecurity.scram(caCrt, "plant-ingest", scramPasswordFile))
                .clientIdPrefix("it-secure-scram")
                .restPort(0)
                .restAddress("127.0.0.1")
                .build();
        try (IngestService svc = IngestService.start(config)) {
            HttpResponse<String> res = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + svc.restPort() + "/api/v1/plants/"
                                            + PLANT + "/assets/pump-1/maintenance-logs"))
                                    .header("Content-Type", "application/json")
                                    .POST(HttpRequest.BodyPublishers.ofString("{\"id\":\"wo-scram\",\"ts\":\""
                                            + Instant.now().minusSeconds(60)
                                            + "\",\"action\":\"repair\",\"text\":\"over SCRAM\"}"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(res.statusCode()).as(res.body()).isEqualTo(202);
            assertThat(read(Topics.maintenanceLogs(PLANT), 1)).hasSize(1);
        }
    }

    @Test
    void aWrongScramPasswordStopsIngestWithAClearError() throws Exception {
        Path wrong = Files.writeString(dir.resolve("wrong-password"), "not-" + SCRAM_PASSWORD);
        IngestConfig config = IngestConfig.builder()
                .mqttEnabled(false)
                .kafkaBootstrap(kafka.saslSslBootstrapServers())
                .kafkaSecurity(KafkaSecurity.scram(caCrt, "plant-ingest", wrong))
                .clientIdPrefix("it-secure-wrong")
                .restPort(-1)
                .build();
        assertThatThrownBy(() -> IngestService.start(config))
                .hasMessageContaining("refused ingest")
                .hasMessageContaining("SASL_SSL SCRAM-SHA-512 as 'plant-ingest'")
                .hasMessageContaining("invalid credentials")
                .hasMessageNotContaining(SCRAM_PASSWORD);
    }

    @Test
    void aCertificateFromAnotherCaIsRefusedByKafka() {
        LocalCa.Credentials stranger =
                LocalCa.create("not-the-cluster-ca").writeUser(dir.resolve("stranger"), "plant-ingest");
        IngestConfig config = IngestConfig.builder()
                .mqttEnabled(false)
                .kafkaBootstrap(kafka.sslBootstrapServers())
                .kafkaSecurity(KafkaSecurity.mutualTls(caCrt, stranger.keyStore(), stranger.passwordFile()))
                .clientIdPrefix("it-secure-stranger")
                .restPort(-1)
                .build();
        assertThatThrownBy(() -> IngestService.start(config))
                .hasMessageContaining("refused ingest")
                .hasMessageContaining("SSL (truststore")
                .hasMessageContaining("bad_certificate");
    }

    @Test
    void aWrongMqttPasswordIsRefusedByTheBroker() throws Exception {
        Path wrong = Files.writeString(dir.resolve("wrong-mqtt"), "guess");
        IngestConfig config = IngestConfig.builder()
                .mqttUrl(mqtt.tlsUrl())
                .mqttSecurity(mqttSecurity(ingestUser, wrong))
                .kafkaBootstrap(kafka.bootstrapServers())
                .clientIdPrefix("it-secure-mqtt-wrong")
                .restPort(-1)
                .build();
        assertThatThrownBy(() -> IngestService.start(config))
                .hasMessageContaining("refused it-secure-mqtt-wrong-0")
                .hasMessageContaining("user 'plant-ingest'")
                .hasMessageNotContaining(MQTT_PASSWORD);
    }

    @Test
    void anMqttClientCertificateFromAnotherCaIsRefused() {
        LocalCa.Credentials stranger =
                LocalCa.create("not-the-broker-ca").writeUser(dir.resolve("mqtt-stranger"), "plant-ingest");
        IngestConfig config = IngestConfig.builder()
                .mqttUrl(mqtt.tlsUrl())
                .mqttSecurity(mqttSecurity(stranger, mqttPasswordFile))
                .kafkaBootstrap(kafka.bootstrapServers())
                .clientIdPrefix("it-secure-mqtt-stranger")
                .restPort(-1)
                .build();
        assertThatThrownBy(() -> IngestService.start(config)).hasMessageContaining("refused it-secure-mqtt-stranger-0");
    }

    private static SSLContext tls(LocalCa.Credentials client) {
        return new MqttSecurity(caCrt, null, client.keyStore(), client.passwordFile(), null, null).sslContext();
    }

    private static List<ConsumerRecord<byte[], byte[]>> read(String topic, int atLeast) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c =
                new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition tp = new TopicPartition(topic, 0);
            c.assign(List.of(tp));
            c.seekToBeginning(List.of(tp));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (out.size() < atLeast && System.nanoTime() < deadline) {
                c.poll(Duration.ofMillis(200)).forEach(out::add);
            }
            c.poll(Duration.ofMillis(500)).forEach(out::add);
        }
        return out;
    }
}

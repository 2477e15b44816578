package io.pdm.ingest;

import io.pdm.schemas.Ids;
import io.pdm.schemas.KafkaSecurity;
import io.pdm.schemas.Settings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Immutable configuration of the ingest service. Build with {@link #builder()}; every setting has a
 * default suitable for the embedded demo.
 *
 * @param mqttUrl         broker URI(s) for Paho, e.g. {@code tcp://127.0.0.1:1883}
 * @param clientIdPrefix  MQTT client ids are {@code prefix-0 … prefix-(n-1)}; keep them stable across
 *                        restarts so the broker resumes the sessions and redelivers unacked messages
 * @param connections     MQTT connections in the shared group; Paho delivers on one thread per client
 * @param sharedSubscription true (default): subscribe as {@code $share/pdm-ingest/…} so connections and
 *                        instances split the load. false: one connection with a plain subscription, for
 *                        a broker that loses a shared subscription's in-flight messages when it crashes
 *                        (HiveMQ CE 2025.5 after {@code kill -9}; see docs/delivery-guarantees.md); a plain
 *                        persistent session's in-flight messages are redelivered by every broker
 * @param sessionExpiry   how long the broker keeps a disconnected session (and its unacked messages)
 * @param receiveMaximum  MQTT 5 receive maximum: unacked QoS 1 messages the broker may have in flight per
 *                        connection. Small on purpose: HiveMQ CE's in-memory shared-subscription queue
 *                        scans its in-flight list on every PUBACK, so a large window (4096) cut the
 *                        bridge's throughput to a third in the bench; 128 × connections is enough
 *                        for the ack latency (linger + Kafka round trip) at 50k msgs/s
 * @param mqttEnabled     false runs only the REST intake (no MQTT connection)
 * @param kafkaBootstrap  {@code bootstrap.servers}
 * @param producerProps   extra Kafka producer settings, applied over the defaults (idempotence and
 *                        {@code acks=all} cannot be weakened: the no-loss argument depends on them)
 * @param plants          empty: subscribe to everything under {@code pdm/} (what does not match the topic
 *                        layout is dead-lettered as {@code UNKNOWN_TOPIC}); otherwise {@code pdm/v1/{plant}/#}
 *                        per plant
 * @param knownPlants     empty: any plant with a valid id is accepted; otherwise input for another plant
 *                        is dead-lettered to the fallback plant's DLQ as {@code UNKNOWN_PLANT} (REST: 404),
 *                        so nothing is written to a topic that does not exist
 * @param fallbackPlant   plant whose DLQ receives input whose own plant id is invalid or unknown
 *                        ({@code _unroutable} breaks the id rule, so the default is {@code unroutable})
 * @param dedupCapacity   maintenance-log ids remembered per plant for deduplication
 * @param restPort        HTTP port; 0 picks a free one, negative disables the REST API
 * @param restAddress     the address the REST API listens on: all interfaces for a service, loopback in the demo
 * @param limits          validation limits
 * @param csv             column mapping of the CSV import
 * @param kafkaSecurity   how the producer connects to Kafka (TLS, mTLS, SCRAM); {@link KafkaSecurity#PLAINTEXT} by default
 * @param mqttSecurity    TLS material and credentials of the MQTT connections; {@link MqttSecurity#NONE} by default
 * @param apiKeys         the REST intake's API keys file (one {@code plant sha256-hex} line per key), or null for
 *                        no authentication (only sensible on loopback: {@code pdm demo})
 * @param jwt             OAuth2 bearer tokens (JWT) the REST intake accepts besides API keys, or null
 */
public record IngestConfig(
        String mqttUrl,
        String clientIdPrefix,
        int connections,
        boolean sharedSubscription,
        Duration sessionExpiry,
        int receiveMaximum,
        boolean mqttEnabled,
        String kafkaBootstrap,
        Map<String, String> producerProps,
        List<String> plants,
        List<String> knownPlants,
        String fallbackPlant,
        int dedupCapacity,
        int restPort,
        String restAddress,
        Limits limits,
        CsvMapping csv,
        KafkaSecurity kafkaSecurity,
        MqttSecurity mqttSecurity,
        Path apiKeys,
        Jwt jwt) {

    public IngestConfig {
        Objects.requireNonNull(mqttUrl, "mqttUrl");
        Objects.requireNonNull(kafkaBootstrap, "kafkaBootstrap");
        Objects.requireNonNull(restAddress, "restAddress");
        Ids.require("client id prefix", clientIdPrefix);
        if (connections < 1) throw new IllegalArgumentException("connections must be >= 1");
        if (!sharedSubscription && connections != 1)
            throw new IllegalArgumentException(
                    "without a shared subscription every connection would receive every message: use 1 connection");
        if (receiveMaximum < 1 || receiveMaximum > 65535)
            throw new IllegalArgumentException("receiveMaximum must be 1..65535");
        producerProps = Map.copyOf(producerProps);
        plants = List.copyOf(plants);
        plants.forEach(p -> Ids.require("plant", p));
        knownPlants = List.copyOf(knownPlants);
        knownPlants.forEach(p -> Ids.require("known plant", p));
        Ids.require("fallback plant", fallbackPlant);
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(csv, "csv");
        Objects.requireNonNull(sessionExpiry, "sessionExpiry");
        Objects.requireNonNull(kafkaSecurity, "kafkaSecurity");
        Objects.requireNonNull(mqttSecurity, "mqttSecurity");
    }

    /**
     * OAuth2 bearer tokens for the REST intake: a JWT signed by a key of {@code jwkSetUri}, issued by {@code issuer},
     * not expired, whose {@code plantClaim} (a string or a list) names the plant of the path.
     */
    public record Jwt(String issuer, String jwkSetUri, String plantClaim) {
        public Jwt {
            Objects.requireNonNull(issuer, "issuer (PDM_INGEST_JWT_ISSUER)");
            Objects.requireNonNull(jwkSetUri, "jwkSetUri (PDM_INGEST_JWT_JWK_SET_URI)");
            if (plantClaim == null || plantClaim.isBlank()) plantClaim = "plant";
        }
    }

    /**
     * Validation limits.
     *
     * @param maxPayloadBytes largest MQTT/REST JSON payload
     * @param maxPastSkew     telemetry older than receive time minus this is rejected
     * @param maxFutureSkew   telemetry and maintenance entries newer than receive time plus this are rejected
     * @param maxSamples      largest waveform block
     * @param maxImportBytes  largest CSV import body
     */
    public record Limits(
            int maxPayloadBytes, Duration maxPastSkew, Duration maxFutureSkew, int maxSamples, int maxImportBytes) {
        public static Limits defaults() {
            return new Limits(256 * 1024, Duration.ofDays(7), Duration.ofMinutes(5), 65_536, 32 * 1024 * 1024);
        }
    }

    /**
     * Header names of the CSV export's columns. {@code asset} may be null when every row belongs to
     * the asset given as the {@code asset} query parameter. {@code tsPattern} null means ISO-8601
     * with an offset; otherwise a {@link java.time.format.DateTimeFormatter} pattern read in {@code zone}.
     */
    public record CsvMapping(
            String id,
            String asset,
            String ts,
            String action,
            String component,
            String technician,
            String text,
            String tsPattern,
            String zone,
            char delimiter) {
        public static CsvMapping defaults() {
            return new CsvMapping("id", "asset", "ts", "action", "component", "technician", "text", null, "UTC", ',');
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.mqttUrl = mqttUrl;
        b.clientIdPrefix = clientIdPrefix;
        b.connections = connections;
        b.sharedSubscription = sharedSubscription;
        b.sessionExpiry = sessionExpiry;
        b.receiveMaximum = receiveMaximum;
        b.mqttEnabled = mqttEnabled;
        b.kafkaBootstrap = kafkaBootstrap;
        b.producerProps = producerProps;
        b.plants = plants;
        b.knownPlants = knownPlants;
        b.fallbackPlant = fallbackPlant;
        b.dedupCapacity = dedupCapacity;
        b.restPort = restPort;
        b.restAddress = restAddress;
        b.limits = limits;
        b.csv = csv;
        b.kafkaSecurity = kafkaSecurity;
        b.mqttSecurity = mqttSecurity;
        b.apiKeys = apiKeys;
        b.jwt = jwt;
        return b;
    }

    /** Mutable builder with the defaults. */
    public static final class Builder {
        private String mqttUrl = Settings.DEFAULT_MQTT;
        private String clientIdPrefix = "pdm-ingest";
        private int connections = 2;
        private boolean sharedSubscription = true;
        private Duration sessionExpiry = Duration.ofHours(1);
        private int receiveMaximum = 128;
        private boolean mqttEnabled = true;
        private String kafkaBootstrap = Settings.DEFAULT_KAFKA;
        private Map<String, String> producerProps = Map.of();
        private List<String> plants = List.of();
        private List<String> knownPlants = List.of();
        private String fallbackPlant = "unroutable";
        private int dedupCapacity = 100_000;
        private int restPort = Settings.DEFAULT_REST_PORT;
        private String restAddress = Settings.DEFAULT_BIND;
        private Limits limits = Limits.defaults();
        private CsvMapping csv = CsvMapping.defaults();
        private KafkaSecurity kafkaSecurity = KafkaSecurity.PLAINTEXT;
        private MqttSecurity mqttSecurity = MqttSecurity.NONE;
        private Path apiKeys;
        private Jwt jwt;

        /** OAuth2 bearer tokens the REST intake accepts; null: none. */
        public Builder jwt(Jwt v) {
            jwt = v;
            return this;
        }

        public Builder kafkaSecurity(KafkaSecurity v) {
            kafkaSecurity = v;
            return this;
        }

        public Builder mqttSecurity(MqttSecurity v) {
            mqttSecurity = v;
            return this;
        }

        /** The REST intake's API keys file ({@code plant sha256-hex} per line); null: no authentication. */
        public Builder apiKeys(Path v) {
            apiKeys = v;
            return this;
        }

        public Builder mqttUrl(String v) {
            mqttUrl = v;
            return this;
        }

        public Builder clientIdPrefix(String v) {
            clientIdPrefix = v;
            return this;
        }

        public Builder connections(int v) {
            connections = v;
            return this;
        }

        /** false: one connection (set it) with a plain, non-shared persistent subscription. */
        public Builder sharedSubscription(boolean v) {
            sharedSubscription = v;
            return this;
        }

        /** Plants whose topics exist; input for any other plant is dead-lettered as UNKNOWN_PLANT. */
        public Builder knownPlants(List<String> v) {
            knownPlants = v;
            return this;
        }

        public Builder sessionExpiry(Duration v) {
            sessionExpiry = v;
            return this;
        }

        public Builder receiveMaximum(int v) {
            receiveMaximum = v;
            return this;
        }

        public Builder mqttEnabled(boolean v) {
            mqttEnabled = v;
            return this;
        }

        public Builder kafkaBootstrap(String v) {
            kafkaBootstrap = v;
            return this;
        }

        public Builder producerProps(Map<String, String> v) {
            producerProps = v;
            return this;
        }

        public Builder plants(List<String> v) {
            plants = v;
            return this;
        }

        public Builder fallbackPlant(String v) {
            fallbackPlant = v;
            return this;
        }

        public Builder dedupCapacity(int v) {
            dedupCapacity = v;
            return this;
        }

        public Builder restPort(int v) {
            restPort = v;
            return this;
        }

        public Builder restAddress(String v) {
            restAddress = v;
            return this;
        }

        public Builder limits(Limits v) {
            limits = v;
            return this;
        }

        public Builder csv(CsvMapping v) {
            csv = v;
            return this;
        }

        public IngestConfig build() {
            return new IngestConfig(
                    mqttUrl,
                    clientIdPrefix,
                    connections,
                    sharedSubscription,
                    sessionExpiry,
                    receiveMaximum,
                    mqttEnabled,
                    kafkaBootstrap,
                    producerProps,
                    plants,
                    knownPlants,
                    fallbackPlant,
                    dedupCapacity,
                    restPort,
                    restAddress,
                    limits,
                    csv,
                    kafkaSecurity,
                    mqttSecurity,
                    apiKeys,
                    jwt);
        }
    }
}

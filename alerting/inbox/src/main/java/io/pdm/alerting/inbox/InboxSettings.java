package io.pdm.alerting.inbox;

import io.pdm.alerting.inbox.board.Retention;
import io.pdm.alerting.inbox.security.InboxUser;
import io.pdm.schemas.KafkaSecurity;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.BooleanSupplier;

/**
 * Everything the inbox needs, one value per setting (the options of {@code pdm alerting} map onto these one to one;
 * see alerting/inbox/README.md).
 *
 * @param plants         the plants it serves (the alerting service: its plant; the demo: every demo plant)
 * @param users          the people who may log in with a password (the users file, or the demo's generated ones)
 * @param port           HTTP port; 0 for a free one
 * @param sessionTimeout a session idle this long expires (the person logs in again)
 * @param maxShelve      the longest shelving the inbox accepts (the lifecycle's {@code --max-shelve})
 * @param oidc           the OIDC resource server for the JSON API, null without one
 * @param jdbc           plant → JDBC URL of the plant's store (predictions, features) for the charts; a plant without
 *                       one shows "charts unavailable"
 * @param probes         liveness and readiness of the process that hosts the inbox, served at the actuator paths;
 *                       null: live always, ready once the feeds have caught up
 */
public record InboxSettings(
        List<String> plants,
        String kafka,
        KafkaSecurity kafkaSecurity,
        List<InboxUser> users,
        String bind,
        int port,
        Duration sessionTimeout,
        Duration maxShelve,
        Retention retention,
        Oidc oidc,
        Map<String, String> jdbc,
        Probes probes) {

    public static final Duration DEFAULT_SESSION_TIMEOUT = Duration.ofMinutes(30);

    public InboxSettings {
        plants = List.copyOf(plants);
        users = List.copyOf(users);
        jdbc = jdbc == null ? Map.of() : Map.copyOf(jdbc);
        if (plants.isEmpty()) throw new IllegalArgumentException("the inbox needs at least one plant");
        if (kafkaSecurity == null) kafkaSecurity = KafkaSecurity.PLAINTEXT;
        if (retention == null) retention = Retention.DEFAULT;
        if (sessionTimeout == null) sessionTimeout = DEFAULT_SESSION_TIMEOUT;
        if (sessionTimeout.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("the session timeout must be at least 1s, was " + sessionTimeout);
        }
        if (maxShelve == null || maxShelve.isZero() || maxShelve.isNegative()) {
            throw new IllegalArgumentException("the longest shelving must be positive, was " + maxShelve);
        }
        if (users.isEmpty() && oidc == null) {
            throw new IllegalArgumentException("the inbox needs users (a users file) or an OIDC issuer");
        }
    }

    /** Bootstrap servers and the Kafka security settings, for the inbox's consumer and producer. */
    public Properties kafkaClient() {
        Properties p = new Properties();
        p.put("bootstrap.servers", kafka);
        p.putAll(kafkaSecurity.clientProperties());
        return p;
    }

    /**
     * An OIDC provider whose access tokens the JSON API accepts ({@code Authorization: Bearer}).
     *
     * @param issuerUri  the issuer ({@code iss}); its discovery document gives the signing keys
     * @param rolesClaim the claim with the roles, a list like {@code ["engineer:plant-a"]} or {@code ["admin"]}
     */
    public record Oidc(String issuerUri, String rolesClaim) {
        public static final String DEFAULT_ROLES_CLAIM = "pdm_roles";

        public Oidc {
            if (issuerUri == null || issuerUri.isBlank())
                throw new IllegalArgumentException("the OIDC issuer is empty");
            if (rolesClaim == null || rolesClaim.isBlank()) rolesClaim = DEFAULT_ROLES_CLAIM;
        }
    }

    /** Liveness and readiness of the hosting process. */
    public record Probes(BooleanSupplier live, BooleanSupplier ready) {}
}

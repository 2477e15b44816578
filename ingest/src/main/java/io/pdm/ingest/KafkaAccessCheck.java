package io.pdm.ingest;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.errors.AuthenticationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks Kafka for its nodes once at start-up, with the producer's security settings, so that a wrong password or
 * an untrusted certificate stops ingest with a message naming the broker and the credentials' files, rather than
 * every later send failing. A broker that does not answer in time only gets a warning: ingest starts anyway and
 * its producer keeps trying, as it always did.
 */
final class KafkaAccessCheck {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaAccessCheck.class);

    private KafkaAccessCheck() {}

    /** The TLS reason ("Received fatal alert: bad_certificate", "PKIX path building failed") Kafka wraps. */
    private static String rootCause(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        return root == t ? "" : " (" + root.getMessage() + ")";
    }

    static void check(IngestConfig config, Duration timeout) {
        Map<String, Object> p = new HashMap<>();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafkaBootstrap());
        p.put(AdminClientConfig.CLIENT_ID_CONFIG, config.clientIdPrefix() + "-access-check");
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        p.putAll(config.kafkaSecurity().clientProperties());
        String who = config.kafkaBootstrap() + " (" + config.kafkaSecurity().describe() + ")";
        try (Admin admin = Admin.create(p)) {
            admin.describeCluster().nodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            LOG.info("Kafka at {} accepted ingest's connection", who);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof AuthenticationException auth)
                throw new IllegalStateException(
                        "Kafka at " + who + " refused ingest: " + auth.getMessage() + rootCause(auth), auth);
            LOG.warn(
                    "Kafka at {} not reachable yet ({}); ingest starts and its producer keeps trying",
                    who,
                    e.getCause().toString());
        } catch (TimeoutException e) {
            LOG.warn("Kafka at {} did not answer within {}; ingest starts and its producer keeps trying", who, timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking Kafka at " + who, e);
        }
    }
}

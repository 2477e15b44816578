package io.pdm.inference.service;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The identity of one running instance of a plant's inference service, unique among the plant's instances: it makes
 * the Kafka transactional id ({@code pdm-inference-{plant}-{instance}}), the client ids, the log lines and the
 * {@code instance} tag of the meters. Letters, digits, '.', '_' and '-', at most 64 characters, so it is a valid part
 * of a transactional id, a client id and a meter tag everywhere and matches a {@code KafkaUser}'s prefix ACL.
 *
 * <p>The default is the host name: a Kubernetes pod's name (unique per pod of a Deployment) or a container's id in
 * Compose. It changes with every pod, which exactly-once v2 allows (see {@link InferenceLoop}).
 */
public final class InstanceId {
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Pattern INVALID_CHARS = Pattern.compile("[^A-Za-z0-9._-]+");

    private InstanceId() {}

    /** Checks an instance id given by a user ({@code --instance}, {@code PDM_INFERENCE_INSTANCE}). */
    public static String of(String id) {
        if (id == null || !VALID.matcher(id).matches()) {
            throw new IllegalArgumentException("instance id '" + id
                    + "' must be 1 to 64 letters, digits, '.', '_' or '-' (it is part of the Kafka transactional id)");
        }
        return id;
    }

    /** The host name, sanitised: $HOSTNAME (set in pods and containers), else the resolver's name, else a random id. */
    public static String fromHost() {
        String host = System.getenv("HOSTNAME");
        if (host == null || host.isBlank()) {
            try {
                host = InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                host = null;
            }
        }
        return sanitise(host);
    }

    /** Any text as an instance id: other characters become '-', lower case, cut to 64; blank gives a random id. */
    static String sanitise(String text) {
        String id = text == null
                ? ""
                : INVALID_CHARS.matcher(text.trim().toLowerCase(Locale.ROOT)).replaceAll("-");
        id = id.replaceAll("^-+|-+$", "");
        if (id.length() > 64) id = id.substring(0, 64);
        return id.isEmpty() ? "i-" + UUID.randomUUID().toString().substring(0, 8) : id;
    }
}

package io.pdm.federated.protocol;

import java.net.URI;

/**
 * Why the aggregator refused a request; each is an RFC 9457 problem type
 * ({@code https://pdm.example/problems/fl/{slug}}) with its own HTTP status, and a Micrometer counter tag.
 */
public enum RejectionReason {
    REVOKED_CERTIFICATE(403, "revoked-certificate", "Client certificate is revoked"),
    UNKNOWN_PLANT(403, "unknown-plant", "Plant is not registered with this aggregator"),
    PLANT_MISMATCH(403, "plant-mismatch", "A plant may only upload as itself"),
    STALE_ROUND(409, "stale-round", "Upload is not for the round that is open"),
    DEADLINE_PASSED(409, "deadline-passed", "The round's deadline has passed"),
    BASE_MODEL_MISMATCH(409, "base-model-mismatch", "Delta was trained on another base model"),
    REPLAYED_NONCE(409, "replayed-nonce", "Nonce was used before"),
    DUPLICATE_UPLOAD(409, "duplicate-upload", "Plant already uploaded in this round"),
    WRONG_PHASE(409, "wrong-phase", "Message does not fit the round's current phase"),
    PAYLOAD_TOO_LARGE(413, "payload-too-large", "Upload exceeds the size limit"),
    UNSUPPORTED_MEDIA_TYPE(415, "unsupported-media-type", "Expected application/octet-stream safetensors"),
    MALFORMED_DELTA(400, "malformed-delta", "Upload is not valid safetensors with delta metadata"),
    SHAPE_MISMATCH(422, "shape-mismatch", "Delta does not have the global adapter's tensor layout"),
    NON_FINITE_VALUES(422, "non-finite-values", "Delta contains NaN or infinite values"),
    NORM_EXCEEDED(422, "norm-exceeded", "Delta's L2 norm exceeds the round's bound"),
    INVALID_MESSAGE(400, "invalid-message", "Message is malformed"),
    UNBOUND_KEY(403, "unbound-key", "Secure-aggregation key is not signed by the uploading plant's client certificate"),
    NOT_FOUND(404, "not-found", "No such resource");

    private static final String TYPE_PREFIX = "https://pdm.example/problems/fl/";

    private final int status;
    private final String slug;
    private final String title;

    RejectionReason(int status, String slug, String title) {
        this.status = status;
        this.slug = slug;
        this.title = title;
    }

    public int status() {
        return status;
    }

    public String slug() {
        return slug;
    }

    public String title() {
        return title;
    }

    public URI type() {
        return URI.create(TYPE_PREFIX + slug);
    }

    public static RejectionReason fromType(String type) {
        for (RejectionReason reason : values()) {
            if (reason.type().toString().equals(type)) {
                return reason;
            }
        }
        throw new IllegalArgumentException("unknown problem type " + type);
    }
}

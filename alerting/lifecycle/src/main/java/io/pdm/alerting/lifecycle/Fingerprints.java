package io.pdm.alerting.lifecycle;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The fingerprint rule of the inference service, repeated here (alerting must not depend on inference): the first 16
 * hex digits of SHA-256 of {@code plant/asset/KIND/mode}, where {@code mode} is a failure mode, {@code unspecified}
 * (the whole asset) or {@code channel:NAME}. {@code FingerprintsTest} pins it to a value inference computes.
 */
public final class Fingerprints {
    public static final String WHOLE_ASSET = "unspecified";

    private Fingerprints() {}

    public static String of(String plant, String asset, String kind, String failureMode) {
        String key = plant + "/" + asset + "/" + kind + "/" + failureMode;
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}

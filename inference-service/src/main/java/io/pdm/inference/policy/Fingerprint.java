package io.pdm.inference.policy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The identity of an alert across restarts and replicas: the same plant, asset, kind and failure mode give
 * the same fingerprint, whatever the process. {@code key} is readable ({@code plant/asset/KIND/mode});
 * {@code hash} is the first 16 hex digits of its SHA-256, for use as a compact id. For condition alerts the
 * failure-mode slot holds the channel ({@code channel:NAME}), so each channel alerts on its own.
 */
public record Fingerprint(String key, String hash) {
    public static final String UNSPECIFIED = "unspecified";

    public Fingerprint {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(hash, "hash");
    }

    public static Fingerprint of(String plant, String asset, AlertKind kind, String failureMode) {
        for (String part : new String[] {plant, asset, failureMode}) {
            if (part == null || part.isBlank() || part.indexOf('/') >= 0) {
                throw new IllegalArgumentException("fingerprint parts must be non-blank and contain no '/': " + plant
                        + ", " + asset + ", " + failureMode);
            }
        }
        String key = plant + "/" + asset + "/" + kind.name() + "/" + failureMode;
        return new Fingerprint(key, HexFormat.of().formatHex(sha256(key)).substring(0, 16));
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}

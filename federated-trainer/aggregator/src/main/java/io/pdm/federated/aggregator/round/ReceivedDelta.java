package io.pdm.federated.aggregator.round;

import io.pdm.federated.protocol.AdapterArithmetic;
import io.pdm.federated.protocol.DeltaMetadata;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Objects;

/**
 * An accepted upload: the plant's claims, its values flattened in tensor-name order (what the round's aggregation
 * folds in) and, for the record, the size and SHA-256 of the safetensors bytes as received. The bytes themselves
 * are not kept: the round aggregates as deltas arrive and PostgreSQL stores only the acceptance.
 */
public record ReceivedDelta(DeltaMetadata metadata, float[] values, long sizeBytes, String sha256, Instant receivedAt) {

    public ReceivedDelta {
        Objects.requireNonNull(metadata, "metadata");
        Objects.requireNonNull(sha256, "sha256");
        Objects.requireNonNull(receivedAt, "receivedAt");
        values = values.clone();
    }

    /** From the uploaded safetensors, already validated by the caller. */
    public ReceivedDelta(DeltaMetadata metadata, byte[] safetensors, Instant receivedAt) {
        this(
                metadata,
                AdapterArithmetic.decode(safetensors, Long.MAX_VALUE).tensors().flatten(),
                safetensors.length,
                sha256(safetensors),
                receivedAt);
    }

    /** From an upload the caller decoded and validated already: its flattened tensors and the bytes received. */
    public static ReceivedDelta decoded(
            DeltaMetadata metadata, float[] values, byte[] safetensors, Instant receivedAt) {
        return new ReceivedDelta(metadata, values, safetensors.length, sha256(safetensors), receivedAt);
    }

    @Override
    public float[] values() {
        return values.clone();
    }

    /** The internal array, read-only by convention: the coordinator folds it in without a 4-bytes-per-value copy. */
    float[] valuesView() {
        return values;
    }

    public String plant() {
        return metadata.plant();
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ReceivedDelta that
                && metadata.equals(that.metadata)
                && java.util.Arrays.equals(values, that.values)
                && sizeBytes == that.sizeBytes
                && sha256.equals(that.sha256)
                && receivedAt.equals(that.receivedAt);
    }

    @Override
    public int hashCode() {
        return metadata.hashCode() * 31 + sha256.hashCode();
    }

    @Override
    public String toString() {
        return "ReceivedDelta[" + metadata + ", " + values.length + " values, " + sizeBytes + " bytes]";
    }
}

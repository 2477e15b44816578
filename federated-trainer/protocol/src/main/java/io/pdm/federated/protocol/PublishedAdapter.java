package io.pdm.federated.protocol;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * One immutable global adapter version in PEFT form: adapter_config.json text and adapter_model.safetensors
 * bytes (PEFT tensor names), with its lineage.
 */
public record PublishedAdapter(AdapterLineage lineage, String adapterConfigJson, byte[] weights) {

    public PublishedAdapter {
        Objects.requireNonNull(lineage, "lineage");
        Objects.requireNonNull(adapterConfigJson, "adapterConfigJson");
        weights = weights.clone();
    }

    public long version() {
        return lineage.version();
    }

    @Override
    public byte[] weights() {
        return weights.clone();
    }

    public String weightsSha256() {
        return sha256(weights);
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }

    public byte[] adapterConfigBytes() {
        return adapterConfigJson.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PublishedAdapter that
                && lineage.equals(that.lineage)
                && adapterConfigJson.equals(that.adapterConfigJson)
                && java.util.Arrays.equals(weights, that.weights);
    }

    @Override
    public int hashCode() {
        return Objects.hash(lineage, adapterConfigJson, java.util.Arrays.hashCode(weights));
    }

    @Override
    public String toString() {
        return "PublishedAdapter[version=" + version() + ", " + weights.length + " bytes]";
    }
}

package io.pdm.federated.aggregator.round;

import io.pdm.federated.protocol.DeltaMetadata;
import java.time.Instant;
import java.util.Objects;

/** An accepted upload: the plant's claims and the safetensors bytes exactly as received. */
public record ReceivedDelta(DeltaMetadata metadata, byte[] safetensors, Instant receivedAt) {

    public ReceivedDelta {
        Objects.requireNonNull(metadata, "metadata");
        safetensors = safetensors.clone();
    }

    @Override
    public byte[] safetensors() {
        return safetensors.clone();
    }

    public String plant() {
        return metadata.plant();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ReceivedDelta that
                && metadata.equals(that.metadata)
                && java.util.Arrays.equals(safetensors, that.safetensors)
                && receivedAt.equals(that.receivedAt);
    }

    @Override
    public int hashCode() {
        return metadata.hashCode() * 31 + java.util.Arrays.hashCode(safetensors);
    }

    @Override
    public String toString() {
        return "ReceivedDelta[" + metadata + ", " + safetensors.length + " bytes]";
    }
}

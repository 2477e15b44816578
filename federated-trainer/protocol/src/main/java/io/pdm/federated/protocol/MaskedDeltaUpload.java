package io.pdm.federated.protocol;

import io.pdm.federated.secagg.SecAggMessage;
import java.util.Objects;

/**
 * Secure mode's delta upload (POST /fl/v1/rounds/{round}/secagg/masked-inputs): the masked, quantised
 * exampleCount · delta, and the metadata in the clear so the aggregator can divide the sum by the total count.
 */
public record MaskedDeltaUpload(DeltaMetadata metadata, SecAggMessage.MaskedInput maskedInput) {

    public MaskedDeltaUpload {
        Objects.requireNonNull(metadata, "metadata");
        Objects.requireNonNull(maskedInput, "maskedInput");
    }
}

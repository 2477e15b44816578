package io.pdm.ingest;

/**
 * Why an input was refused: a reason code, the offending field (JSON path like {@code values.temp}
 * or {@code samples[3]}; null when the whole payload is at fault) and a sentence for humans.
 */
public record Rejection(RejectReason reason, String field, String detail) {
    public Rejection {
        if (reason == null || detail == null) throw new IllegalArgumentException("reason and detail are required");
    }
}

package io.pdm.features.records;

/**
 * Pipeline internal type (feature-pipeline): a Kafka record the job could not decode. It is
 * written to {@code Topics.dlq(plant)} as a DeadLetterRecord, never dropped silently.
 * {@code source} is {@code kafka:<topic>:<partition>:<offset>}; {@code asset} is the Kafka key
 * when present (may be null); {@code payload} holds the original value bytes.
 */
public record DeadLetter(
        String plant, String asset, String source, String reason, String detail, long receivedAt, byte[] payload) {}

package io.pdm.ingest;

/**
 * Machine-readable reason why ingest refused an input. The name is written to the DLQ record and
 * its {@code pdm-reason} header, to the {@code reason} member of REST problem details and to the
 * {@code pdm.ingest.rejected} counter's {@code reason} tag, so names are part of the contract.
 */
public enum RejectReason {
    /** Payload larger than {@code limits.maxPayloadBytes} (REST: 413). */
    OVERSIZED_PAYLOAD(413),
    /** Not syntactically valid JSON (or trailing content after the object). */
    UNPARSABLE_JSON(400),
    /** Valid JSON that breaks the JSON Schema: missing, unknown or repeated field, wrong type, bad length or pattern. */
    SCHEMA_VIOLATION(400),
    /** NaN, ±Infinity, or a number that overflows double (1e400) or, for waveform samples, float. */
    NON_FINITE_VALUE(400),
    /** {@code ts} is not an ISO-8601 / RFC 3339 date-time with an offset. */
    INVALID_TIMESTAMP(400),
    /** {@code ts} is further in the past or future than the configured skew allows (REST: 422). */
    TIMESTAMP_OUT_OF_SKEW(422),
    /** A waveform block with more samples than {@code limits.maxSamples} (REST: 413). */
    TOO_MANY_SAMPLES(413),
    /** Plant or asset id violates {@link io.pdm.schemas.Ids#ID}. */
    INVALID_ID(400),
    /** CSV that commons-csv cannot read (e.g. an unclosed quote) or lacks a mapped column. */
    UNPARSABLE_CSV(400),
    /** A bug in ingest while handling the input; dead-lettered so it cannot stall the ack sequence. */
    INTERNAL_ERROR(500),
    /** MQTT topic outside {@code pdm/v1/{plant}/{asset}/telemetry|maintenance} (extra levels, another version or suffix). */
    UNKNOWN_TOPIC(400),
    /**
     * A valid plant id that is not one of the configured {@code knownPlants}: its topics do not exist,
     * so the input goes to the fallback plant's DLQ (REST: 404).
     */
    UNKNOWN_PLANT(404),
    /**
     * A maintenance entry whose id was already accepted. Not an error and never dead-lettered:
     * counted, acknowledged and dropped (REST answers 202 with status "duplicate").
     */
    DUPLICATE(200);

    private final int httpStatus;

    RejectReason(int httpStatus) {
        this.httpStatus = httpStatus;
    }

    /** The HTTP status the REST API answers with for this reason. */
    public int httpStatus() {
        return httpStatus;
    }
}

package io.pdm.schemas.mqtt;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * A maintenance log entry as it arrives on {@code pdm/v1/{plant}/{asset}/maintenance} or by REST
 * (JSON). Contract: {@code json/maintenance-log.schema.json}. {@code action} is one of
 * {@code MaintenanceAction}'s symbols in upper or lower case; component and technician are optional
 * (left out when absent: the schema refuses null).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MaintenanceLogPayload(
        String id, Instant ts, String action, String component, String technician, String text) {}

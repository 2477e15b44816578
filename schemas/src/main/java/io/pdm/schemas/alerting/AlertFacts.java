package io.pdm.schemas.alerting;

import java.time.Instant;
import java.util.List;

/**
 * What the latest candidate of an alert said: the written text and the facts it rests on, as the inference service
 * wrote them in {@code AlertRecord} (pdm.{plant}.alerts.v1). Part of the alert state and of every maintenance event.
 *
 * @param candidateId    the {@code alertId} of the latest candidate
 * @param occurredAt     event time of the window behind the latest candidate
 * @param evidence       the fact sheet's reason and measurements
 * @param citedLogs      ids of the past maintenance logs the text cites
 * @param baseModel      SHA-256 of the base model that scored the asset, null for condition-only alerts
 * @param adapterVersion the plant's adapter version in service, null without a model
 */
public record AlertFacts(
        String candidateId,
        Instant occurredAt,
        String title,
        String text,
        RemainingLife remainingLife,
        String healthStage,
        Evidence evidence,
        List<String> citedLogs,
        String baseModel,
        Long adapterVersion,
        String writer,
        boolean grounded) {

    public AlertFacts {
        citedLogs = citedLogs == null ? List.of() : List.copyOf(citedLogs);
    }

    /** Predicted remaining useful life with its interval ({@code coverage} = nominal probability of [lower, upper]). */
    public record RemainingLife(double predicted, double lower, double upper, double coverage, String unit) {}

    /** Why the alert exists, with the measurements it rests on (from the fact sheet). */
    public record Evidence(String reason, List<Measurement> measurements) {
        public Evidence {
            measurements = measurements == null ? List.of() : List.copyOf(measurements);
        }
    }

    /** One measured channel; {@code limit}, {@code zone} and {@code standard} only for limit alerts. */
    public record Measurement(
            String channel, double value, String unit, Instant time, Double limit, String zone, String standard) {}
}

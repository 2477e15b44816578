package io.pdm.ingest;

import io.pdm.schemas.avro.LogSource;
import io.pdm.schemas.avro.MaintenanceLogRecord;
import java.util.concurrent.CompletableFuture;

/**
 * Maintenance-log intake shared by MQTT, REST and CSV: validation, deduplication by id
 * ({@link RecentIds}) and the Kafka send. An entry counts as accepted only once Kafka acknowledged it.
 */
public final class MaintenanceIntake {
    public enum Status {
        ACCEPTED,
        DUPLICATE
    }

    /** The answer to a submitted entry. */
    public record Result(String id, Status status) {}

    /** Completion of one entry: a status, or an error when Kafka did not take it. */
    @FunctionalInterface
    public interface Callback {
        void done(Status status, Exception error);
    }

    private final PayloadValidator validator;
    private final KafkaSink sink;
    private final RecentIds recent;
    private final IngestMetrics metrics;

    public MaintenanceIntake(PayloadValidator validator, KafkaSink sink, RecentIds recent, IngestMetrics metrics) {
        this.validator = validator;
        this.sink = sink;
        this.recent = recent;
        this.metrics = metrics;
    }

    public PayloadValidator validator() {
        return validator;
    }

    public KafkaSink sink() {
        return sink;
    }

    public IngestMetrics metrics() {
        return metrics;
    }

    /** Sends a validated entry unless its id was seen; the callback runs after Kafka's ack. */
    public void submit(MaintenanceLogRecord r, Callback cb) {
        if (!recent.claim(r.getPlant(), r.getId())) {
            metrics.duplicate();
            cb.done(Status.DUPLICATE, null);
            return;
        }
        sink.maintenance(r, e -> {
            if (e != null) recent.release(r.getPlant(), r.getId());
            cb.done(e == null ? Status.ACCEPTED : null, e);
        });
    }

    /**
     * REST entry point: validates the JSON and completes with the status after Kafka's ack, with
     * the rejection when invalid (not dead-lettered: the caller gets the problem directly), or
     * exceptionally when Kafka failed.
     */
    public CompletableFuture<Outcome<Result>> submitJson(String plant, String asset, byte[] json, long receivedAt) {
        metrics.received();
        Outcome<MaintenanceLogRecord> o = validator.maintenance(plant, asset, json, LogSource.REST, receivedAt);
        if (!o.isOk()) {
            metrics.rejected(o.rejection().reason());
            return CompletableFuture.completedFuture(Outcome.rejected(o.rejection()));
        }
        CompletableFuture<Outcome<Result>> f = new CompletableFuture<>();
        submit(o.value(), (status, e) -> {
            if (e != null) f.completeExceptionally(e);
            else f.complete(Outcome.ok(new Result(o.value().getId(), status)));
        });
        return f;
    }
}

package io.pdm.alerting.topology;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.jackson.JsonCloudEventData;
import io.cloudevents.jackson.JsonFormat;
import io.cloudevents.types.Time;
import io.pdm.alerting.lifecycle.Emitted;
import io.pdm.schemas.alerting.AlertJson;
import io.pdm.schemas.alerting.MaintenanceEventData;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * CloudEvents 1.0 in structured JSON mode (the CloudEvents Java SDK), one per alert transition: {@code id}
 * {@code {fingerprint}-{sequence}-{number}} (unique, and the same on replay), {@code source}
 * {@code /pdm/plants/{plant}/alerting}, {@code type} {@code io.pdm.alert.<transition>}, {@code subject} the asset,
 * {@code data} a {@link MaintenanceEventData}.
 */
public final class MaintenanceEvents {
    /** The Kafka binding's header for structured mode. */
    public static final String CONTENT_TYPE_HEADER = "content-type";

    private static final JsonFormat FORMAT = new JsonFormat();
    private static final byte[] CONTENT_TYPE =
            (JsonFormat.CONTENT_TYPE + "; charset=UTF-8").getBytes(StandardCharsets.UTF_8);

    static final String DATA_CONTENT_TYPE = "application/json";
    private static final URI DATA_SCHEMA = URI.create("https://pdm.example/schemas/maintenance-event-data/v1");

    /** An event's attributes as the SDK writes them (URIs and the time as text). */
    record Envelope(String id, String source, String type, String dataSchema, String subject, String time) {}

    private final URI source;
    private final String sourceText;
    private final WorkRequests workRequests;

    public MaintenanceEvents(String plant, WorkRequests workRequests) {
        this.source = URI.create("/pdm/plants/" + plant + "/alerting");
        this.sourceText = source.toString();
        this.workRequests = workRequests;
    }

    public CloudEvent event(Emitted e) {
        return attributes(e)
                .withData(JsonCloudEventData.wrap(AlertJson.mapper().valueToTree(data(e))))
                .build();
    }

    /**
     * The event in structured JSON mode, as {@code toJson(event(e))} writes it byte for byte
     * (MaintenanceEventsTest), but written by hand, envelope and data on one generator ({@link StateJson}): through
     * the SDK (its event built, then serialised by databind, the data copied in) the envelope cost as much as the
     * data in the bench's profile. One event per alert transition, so this is on the candidate-to-event path.
     */
    public byte[] serialize(Emitted e) {
        return StateJson.event(
                new Envelope(
                        e.id(),
                        sourceText,
                        e.type().cloudEventType(),
                        DATA_SCHEMA.toString(),
                        e.alert().asset(),
                        Time.writeTime(e.at().atOffset(ZoneOffset.UTC))),
                data(e));
    }

    private MaintenanceEventData data(Emitted e) {
        return new MaintenanceEventData(
                new MaintenanceEventData.Transition(
                        e.type().typeName(), e.number(), e.by(), e.at(), e.text(), e.escalatedTo()),
                MaintenanceEventData.Alert.of(e.alert()),
                workRequests.of(e.alert(), e.by()));
    }

    private CloudEventBuilder attributes(Emitted e) {
        return CloudEventBuilder.v1()
                .withId(e.id())
                .withSource(source)
                .withType(e.type().cloudEventType())
                .withSubject(e.alert().asset())
                .withTime(e.at().atOffset(ZoneOffset.UTC))
                .withDataContentType(DATA_CONTENT_TYPE)
                .withDataSchema(DATA_SCHEMA);
    }

    public static Headers headers() {
        RecordHeaders h = new RecordHeaders();
        h.add(CONTENT_TYPE_HEADER, CONTENT_TYPE);
        return h;
    }

    /** The event in structured JSON mode. */
    public static byte[] toJson(CloudEvent e) {
        return FORMAT.serialize(e);
    }

    /** Reads one event back (for tail, tests and consumers written in Java). */
    public static CloudEvent parse(byte[] bytes) {
        return FORMAT.deserialize(bytes);
    }
}

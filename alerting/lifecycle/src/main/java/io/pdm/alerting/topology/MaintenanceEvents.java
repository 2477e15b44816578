package io.pdm.alerting.topology;

import com.fasterxml.jackson.databind.node.POJONode;
import com.fasterxml.jackson.databind.util.RawValue;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.jackson.JsonCloudEventData;
import io.cloudevents.jackson.JsonFormat;
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

    private static final URI DATA_SCHEMA = URI.create("https://pdm.example/schemas/maintenance-event-data/v1");

    private final URI source;
    private final WorkRequests workRequests;

    public MaintenanceEvents(String plant, WorkRequests workRequests) {
        this.source = URI.create("/pdm/plants/" + plant + "/alerting");
        this.workRequests = workRequests;
    }

    public CloudEvent event(Emitted e) {
        return attributes(e)
                .withData(JsonCloudEventData.wrap(AlertJson.mapper().valueToTree(data(e))))
                .build();
    }

    /**
     * The event in structured JSON mode, as {@code toJson(event(e))} writes it byte for byte
     * (MaintenanceEventsTest), but with the data encoded straight to JSON instead of through a tree first, by a writer
     * made once ({@link StateJson}), and copied into the envelope as it is ({@link RawJson}): one event per alert
     * transition, so this is on the candidate-to-event path.
     */
    public byte[] serialize(Emitted e) {
        return FORMAT.serialize(attributes(e)
                .withData(JsonCloudEventData.wrap(new POJONode(new RawValue(new RawJson(StateJson.data(data(e)))))))
                .build());
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
                .withDataContentType("application/json")
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

package io.pdm.schemas;

import io.pdm.schemas.avro.AlertRecord;
import io.pdm.schemas.avro.DeadLetterRecord;
import io.pdm.schemas.avro.FeatureVector;
import io.pdm.schemas.avro.MaintenanceLogRecord;
import io.pdm.schemas.avro.PredictionRecord;
import io.pdm.schemas.avro.TelemetryRecord;

/**
 * The Kafka topic registry: every module names topics through this class, never with string
 * literals. Names follow {@code pdm.{plant}.{stream}.v{N}}, so ACLs by the prefix {@code pdm.{plant}.}
 * isolate plants. Keys are the asset id (UTF-8), so one machine's messages stay in order.
 */
public final class Topics {
    private Topics() {}

    /** Value encodings used on the topics. */
    public enum ValueFormat {
        AVRO_SINGLE_OBJECT,
        JSON,
        CLOUDEVENTS_JSON
    }

    /**
     * One stream of a plant, with its current version and value contract: an Avro type for the internal
     * binary streams, a JSON Schema resource (under {@code json/}) for the JSON ones.
     */
    public enum Stream {
        TELEMETRY("telemetry", 1, TelemetryRecord.class),
        /** Telemetry that arrived after its window closed (past the allowed lateness). */
        TELEMETRY_LATE("telemetry-late", 1, TelemetryRecord.class),
        MAINTENANCE_LOGS("maintenance-logs", 1, MaintenanceLogRecord.class),
        FEATURES("features", 1, FeatureVector.class),
        DLQ("dlq", 1, DeadLetterRecord.class),
        /** A plant's new current adapter version (key = plant), read by the plant's inference service. */
        MODEL_UPDATES("model-updates", 1, ValueFormat.JSON, "json/federated/model-update.schema.json"),
        /** Every scoring of every watched asset: remaining life with interval, stage, drivers, condition findings. */
        PREDICTIONS("predictions", 1, PredictionRecord.class),
        /** Alert candidates (raised, updated, cleared) with fact sheet and written text, for the alerting service. */
        ALERTS("alerts", 1, AlertRecord.class),
        /** Commands on the alert lifecycle (acknowledge, shelve, silences, asset out of service, …), key = asset. */
        ALERT_COMMANDS("alert-commands", 1, ValueFormat.JSON, "json/alert-command.schema.json"),
        /** Current state per alert, key = fingerprint; compacted, a tombstone when a closed alert is purged. */
        ALERTS_STATE("alerts-state", 1, ValueFormat.JSON, "json/alert-state.schema.json"),
        /** The public topic: CloudEvents 1.0 structured JSON, one per alert transition, key = asset. */
        MAINTENANCE_EVENTS(
                "maintenance-events", 1, ValueFormat.CLOUDEVENTS_JSON, "json/maintenance-event-data.schema.json");

        private final String name;
        private final int version;
        private final ValueFormat format;
        private final Class<?> avroType;
        private final String jsonSchema;

        Stream(String name, int version, Class<?> avroType) {
            this(name, version, ValueFormat.AVRO_SINGLE_OBJECT, avroType, null);
        }

        Stream(String name, int version, ValueFormat format, String jsonSchema) {
            this(name, version, format, null, jsonSchema);
        }

        Stream(String name, int version, ValueFormat format, Class<?> avroType, String jsonSchema) {
            this.name = name;
            this.version = version;
            this.format = format;
            this.avroType = avroType;
            this.jsonSchema = jsonSchema;
        }

        public String streamName() {
            return name;
        }

        public int version() {
            return version;
        }

        public ValueFormat valueFormat() {
            return format;
        }
        /** The Avro value class of an {@link ValueFormat#AVRO_SINGLE_OBJECT} stream, else null. */
        public Class<?> avroType() {
            return avroType;
        }
        /** The classpath resource of a JSON stream's value schema, else null. */
        public String jsonSchema() {
            return jsonSchema;
        }

        /** The topic of this stream for one plant, e.g. {@code pdm.plant-a.telemetry.v1}. */
        public String topic(String plant) {
            return "pdm." + Ids.require("plant", plant) + "." + name + ".v" + version;
        }
    }

    public static String telemetry(String plant) {
        return Stream.TELEMETRY.topic(plant);
    }

    public static String telemetryLate(String plant) {
        return Stream.TELEMETRY_LATE.topic(plant);
    }

    public static String maintenanceLogs(String plant) {
        return Stream.MAINTENANCE_LOGS.topic(plant);
    }

    public static String features(String plant) {
        return Stream.FEATURES.topic(plant);
    }

    public static String dlq(String plant) {
        return Stream.DLQ.topic(plant);
    }

    public static String modelUpdates(String plant) {
        return Stream.MODEL_UPDATES.topic(plant);
    }

    public static String predictions(String plant) {
        return Stream.PREDICTIONS.topic(plant);
    }

    public static String alerts(String plant) {
        return Stream.ALERTS.topic(plant);
    }

    public static String alertCommands(String plant) {
        return Stream.ALERT_COMMANDS.topic(plant);
    }

    public static String alertsState(String plant) {
        return Stream.ALERTS_STATE.topic(plant);
    }

    public static String maintenanceEvents(String plant) {
        return Stream.MAINTENANCE_EVENTS.topic(plant);
    }

    /** The topic-name prefix that an ACL grants to one plant's services. */
    public static String plantPrefix(String plant) {
        return "pdm." + Ids.require("plant", plant) + ".";
    }

    /** Header names on dead-letter records (values UTF-8). */
    public static final String HEADER_REASON = "pdm-reason";

    public static final String HEADER_DETAIL = "pdm-detail";
    public static final String HEADER_SOURCE = "pdm-source";
}

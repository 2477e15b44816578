package io.pdm.schemas.alerting;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.time.Duration;
import java.time.Instant;

/**
 * Value of {@code pdm.{plant}.alert-commands.v1} (schema {@code json/alert-command.schema.json}): what a person or a
 * system asks of the alert lifecycle. Every command has a {@code commandId} (a repeat of the same id is applied once),
 * {@code by} (a named person, or {@code system:NAME}) and {@code at}. Commands on one alert name its
 * {@code fingerprint} and its {@code asset}: the asset routes the command to the task that owns every alert of that
 * asset (see alerting/README.md), the fingerprint picks the alert. Asset commands name the asset only; silences
 * apply to every alert their matchers select.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = AlertCommand.Acknowledge.class, name = "acknowledge"),
    @JsonSubTypes.Type(value = AlertCommand.Confirm.class, name = "confirm"),
    @JsonSubTypes.Type(value = AlertCommand.Shelve.class, name = "shelve"),
    @JsonSubTypes.Type(value = AlertCommand.Unshelve.class, name = "unshelve"),
    @JsonSubTypes.Type(value = AlertCommand.Resolve.class, name = "resolve"),
    @JsonSubTypes.Type(value = AlertCommand.Comment.class, name = "comment"),
    @JsonSubTypes.Type(value = AlertCommand.RequestWork.class, name = "request-work"),
    @JsonSubTypes.Type(value = AlertCommand.SilenceAdd.class, name = "silence-add"),
    @JsonSubTypes.Type(value = AlertCommand.SilenceRemove.class, name = "silence-remove"),
    @JsonSubTypes.Type(value = AlertCommand.OutOfService.class, name = "out-of-service"),
    @JsonSubTypes.Type(value = AlertCommand.InService.class, name = "in-service"),
    @JsonSubTypes.Type(value = AlertCommand.MaintenanceStart.class, name = "maintenance-start"),
    @JsonSubTypes.Type(value = AlertCommand.MaintenanceEnd.class, name = "maintenance-end")
})
public sealed interface AlertCommand {
    String commandId();

    String by();

    Instant at();

    /** The asset this command is about; null only for silences, which match across assets. */
    String asset();

    /** A command on one alert. */
    sealed interface OnAlert extends AlertCommand {
        String fingerprint();
    }

    /** A command on one asset's condition (out of service, under maintenance). */
    sealed interface OnAsset extends AlertCommand {}

    /** Acknowledge: a person has seen the alert (OPC UA AckedState). */
    record Acknowledge(String commandId, String fingerprint, String asset, String by, Instant at, String comment)
            implements OnAlert {}

    /** Confirm: the corrective action is done (OPC UA ConfirmedState); only after acknowledge. */
    record Confirm(String commandId, String fingerprint, String asset, String by, Instant at, String comment)
            implements OnAlert {}

    /** Shelve for a duration (at most the plant's maximum), by a named person with a reason; expires by itself. */
    record Shelve(
            String commandId, String fingerprint, String asset, String by, Instant at, Duration duration, String reason)
            implements OnAlert {}

    record Unshelve(String commandId, String fingerprint, String asset, String by, Instant at, String comment)
            implements OnAlert {}

    /** Resolve: the alert is closed whatever its state; a later candidate opens a new alert. */
    record Resolve(String commandId, String fingerprint, String asset, String by, Instant at, String comment)
            implements OnAlert {}

    record Comment(String commandId, String fingerprint, String asset, String by, Instant at, String text)
            implements OnAlert {}

    /** Ask the maintenance system for work: emits the work request on the maintenance-event topic. */
    record RequestWork(String commandId, String fingerprint, String asset, String by, Instant at, String comment)
            implements OnAlert {}

    /** A silence: suppresses every alert its matchers select between start and end. {@code by} is its author. */
    record SilenceAdd(
            String commandId,
            String silenceId,
            SilenceMatchers matchers,
            Instant start,
            Instant end,
            String by,
            Instant at,
            String comment)
            implements AlertCommand {
        @Override
        public String asset() {
            return null;
        }
    }

    record SilenceRemove(String commandId, String silenceId, String by, Instant at) implements AlertCommand {
        @Override
        public String asset() {
            return null;
        }
    }

    /** The asset is out of service (or offline): every alert of it is suppressed (OPC UA OutOfServiceState). */
    record OutOfService(String commandId, String asset, String by, Instant at, String reason) implements OnAsset {}

    record InService(String commandId, String asset, String by, Instant at) implements OnAsset {}

    /** Maintenance on the asset starts: its degradation alerts are inhibited until it ends. */
    record MaintenanceStart(String commandId, String asset, String by, Instant at, String workOrder)
            implements OnAsset {}

    record MaintenanceEnd(String commandId, String asset, String by, Instant at) implements OnAsset {}
}

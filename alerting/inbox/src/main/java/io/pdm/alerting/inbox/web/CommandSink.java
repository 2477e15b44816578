package io.pdm.alerting.inbox.web;

import io.pdm.schemas.alerting.AlertCommand;

/** Where the inbox's commands go: the plant's {@code alert-commands} topic ({@link KafkaCommandSink}). */
public interface CommandSink {
    /** Returns once the command is durably written; throws {@link InboxProblem} (503) when it could not be. */
    void send(String plant, AlertCommand command);
}
